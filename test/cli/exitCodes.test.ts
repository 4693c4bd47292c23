// One rule for every command that reads segment files, as users run them (the built CLI): 0 done or nothing
// to do, 1 errors found or the action refused, 2 called wrongly or a file missing or unreadable.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastSandbox } from '../api/sandboxFixture.js';
import { sandboxEnv, tempDir } from './cliFixture.js';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

describe('exit codes of the commands that read segment files', () => {
  let sb: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  // Asynchronously: the sandbox answers from this process, so it must not be blocked while the CLI runs.
  const run = (args: string[]) =>
    new Promise<{ code: number | null; err: string }>((done) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('close', (code) => done({ code, err }));
    });

  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
    dir = tempDir('exit-');
    mkdirSync(join(dir, 'empty'));
    // Errors the checker finds (the top group must be "and"), and a file that is not JSON at all.
    writeFileSync(join(dir, 'invalid.segment.json'), '{"name": "Exit invalid", "segment_criteria": {"version": "1.0.0", "criteria": {"type": "or", "group": []}}}\n');
    writeFileSync(join(dir, 'broken.segment.json'), '{"name": \n');
  });
  after(() => sb.close());

  const cases: [string[], number][] = [
    [['check', 'missing.segment.json'], 2],
    [['check', 'invalid.segment.json'], 1],
    [['check', 'broken.segment.json'], 1],
    [['check', 'empty'], 0],
    [['escape', 'missing.segment.json'], 2],
    [['escape', 'empty'], 2],
    [['escape', 'invalid.segment.json'], 1],
    [['escape', '--no-check', 'broken.segment.json'], 1],
    [['escape'], 2],
    [['deploy', 'missing.segment.json'], 2],
    [['deploy', 'invalid.segment.json'], 1],
    [['deploy', 'broken.segment.json'], 1],
    [['deploy', 'empty'], 0],
    [['deploy'], 2],
    [['preview', 'missing.segment.json'], 2],
    [['rename', 'missing.segment.json', 'New name'], 2],
    [['rename', 'broken.segment.json', 'New name'], 1],
    [['delete', 'missing.segment.json', '--yes'], 2],
    [['plan', 'missing'], 2],
    [['plan', 'invalid.segment.json'], 1],
    [['plan', 'empty'], 0],
    [['apply', 'missing'], 2],
    [['apply', 'broken.segment.json'], 1],
    [['apply', 'empty', '--plan', 'missing-plan.json'], 2],
  ];
  for (const [args, code] of cases) {
    it(`${args.join(' ')} exits ${code}`, async () => {
      const r = await run(args);
      assert.equal(r.code, code, r.err);
      assert.ok(!/\n\s+at /.test(r.err), 'no stack trace');
    });
  }
});
