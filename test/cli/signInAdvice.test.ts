/**
 * The advice printed when not signed in names a command that works as printed: the built CLI in a child
 * process, against a sandbox whose device codes approve themselves; the printed `segment-criteria login ...`
 * is run word for word, and then the command that asked for it succeeds.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../sandbox/src/server.js';
import { tempDir } from './cliFixture.js';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

function run(args: string[], env: NodeJS.ProcessEnv, cwd = tempDir('advice-')): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The `segment-criteria login ...` command the message names, as the words a shell would pass. */
function printedLogin(stderr: string): string[] {
  const m = /`(segment-criteria login[^`]*)`/.exec(stderr);
  assert.ok(m, `no login command in: ${stderr}`);
  assert.ok(!/[<>'"]/.test(m[1]!), `a command to run as printed, without placeholders or quoting: ${m[1]}`);
  return m[1]!.split(/\s+/).slice(1);
}

describe('sign-in advice that works as printed', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ rateLimit: false, processingMs: 0, oauth: { deviceIntervalSec: 1 } });
  });
  after(() => sb.close());

  it('a sandbox named by CTCT_API_BASE_URL: the printed login signs in, no client id needed', async () => {
    const env = { CTCT_API_BASE_URL: sb.baseUrl, SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-') };
    const first = await run(['pull', '--all'], env);
    assert.equal(first.code, 1, first.stderr);
    const signIn = await run(printedLogin(first.stderr), env);
    assert.equal(signIn.code, 0, signIn.stderr);
    assert.match(signIn.stderr, /Signed in to 127\.0\.0\.1:\d+/);
    const again = await run(['pull', '--all'], env);
    assert.equal(again.code, 0, again.stderr);
  });

  it('a sandbox named by --api-base-url only: the printed login names it', async () => {
    const env = { SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-') };
    const first = await run(['pull', '--all', '--api-base-url', sb.baseUrl], env);
    assert.equal(first.code, 1, first.stderr);
    const signIn = await run(printedLogin(first.stderr), env);
    assert.equal(signIn.code, 0, signIn.stderr);
    const again = await run(['pull', '--all', '--api-base-url', sb.baseUrl], env);
    assert.equal(again.code, 0, again.stderr);
  });

  it('a refused CTCT_ACCESS_TOKEN: the advice says to unset it, and its login command works', async () => {
    const env = { CTCT_API_BASE_URL: sb.baseUrl, SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-') };
    const first = await run(['pull', '--all'], { ...env, CTCT_ACCESS_TOKEN: 'not-a-token' });
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, /CTCT_ACCESS_TOKEN/);
    const signIn = await run(printedLogin(first.stderr), env);
    assert.equal(signIn.code, 0, signIn.stderr);
    assert.equal((await run(['pull', '--all'], env)).code, 0);
  });

  it("login against a sandbox defaults the client id; against an account it still asks for the user's own", async () => {
    const sandbox = await run(['login', '--api-base-url', sb.baseUrl], { SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-') });
    assert.equal(sandbox.code, 0, sandbox.stderr);
    const account = await run(['login'], { SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-') });
    assert.equal(account.code, 2);
    assert.match(account.stderr, /--client-id ID or CTCT_CLIENT_ID/);
  });

  it('for an account, the advice asks for the client id only when none is set', async () => {
    const env = { SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-') };
    const without = await run(['pull', '--all'], env);
    assert.equal(without.code, 1);
    assert.match(without.stderr, /`segment-criteria login --client-id <your application's client id>`/);
    const withId = await run(['pull', '--all'], { ...env, CTCT_CLIENT_ID: 'my-app' });
    assert.equal(withId.code, 1);
    assert.match(withId.stderr, /`segment-criteria login`/);
  });
});
