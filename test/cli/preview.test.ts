import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { preview } from '../../cli/src/commands/preview.js';
import { startSandbox, type Sandbox } from '../../sandbox/src/server.js';
import { fastSandbox } from '../api/sandboxFixture.js';
import { memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

const file = (name: string, value = 'ma') =>
  JSON.stringify({ name, segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value }] } } }, null, 2) + '\n';

const temporaries = (sb: Sandbox) => [...sb.state.segments.values()].filter((s) => s.name.startsWith('[segment-criteria temporary preview'));

describe('preview against the sandbox', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let deployed: string;
  const run = async (args: string[], cmd = preview) => {
    const io = memoryIo({ env, cwd: dir });
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const expected = (sb: Sandbox, state: string) => sb.state.data.contacts.filter((c) => c.state?.toLowerCase() === state).length;

  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
    dir = tempDir('preview-');
    writeFileSync(join(dir, 'ma.segment.json'), file('MA contacts'));
    assert.equal((await run(['ma.segment.json'], deploy)).code, 0);
    deployed = readFileSync(join(dir, 'ma.segment.json'), 'utf8');
  });
  after(() => sb.close());

  it('shows the first contacts, through the 202 of the first evaluation', async () => {
    const r = await run(['ma.segment.json', '--limit', '3']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^EMAIL\s+FIRST NAME\s+LAST NAME/);
    assert.match(r.err, /Showing the first 3 contacts; there are more/);
  });

  it('--all pages to the end for the exact count, saying first what it may cost', async () => {
    const r = await run(['ma.segment.json', '--all']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /up to 1 request\(s\) of the account's 10,000 a day/);
    assert.match(r.err, new RegExp(`${expected(sb, 'ma')} contact\\(s\\) in the segment`));
  });

  it('warns when the file differs from the deployed segment', async () => {
    writeFileSync(join(dir, 'ma.segment.json'), readFileSync(join(dir, 'ma.segment.json'), 'utf8').replace('"ma"', '"ri"'));
    const r = await run(['ma.segment.json', '--limit', '1']);
    assert.equal(r.code, 0);
    assert.match(r.err, /differs from deployed segment \d+.*--draft/);
  });

  it('--draft previews the file as it is and deletes the temporary segment', async () => {
    const r = await run(['ma.segment.json', '--draft', '--all']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, new RegExp(`${expected(sb, 'ri')} contact\\(s\\) in the segment`));
    const temps = temporaries(sb);
    assert.equal(temps.length, 1);
    assert.ok(temps[0]!.deleted_at, 'deleted afterwards');
  });

  it('--draft deletes the temporary segment after an error too', async () => {
    sb.setFaults({ serverError: { match: 'GET /v3/contacts' } });
    try {
      const r = await run(['ma.segment.json', '--draft']);
      assert.equal(r.code, 1);
      assert.match(r.err, /server error/);
    } finally {
      sb.setFaults({});
    }
    assert.ok(temporaries(sb).every((s) => s.deleted_at));
  });

  it('--csv exports the whole segment through contact_exports, never over an existing file', async () => {
    writeFileSync(join(dir, 'ma.segment.json'), deployed);
    const r = await run(['ma.segment.json', '--csv', 'ma.csv']);
    assert.equal(r.code, 0, r.err);
    const rows = readFileSync(join(dir, 'ma.csv'), 'utf8').trim().split('\r\n');
    assert.equal(rows.length - 1, expected(sb, 'ma'));
    const again = await run(['ma.segment.json', '--csv', 'ma.csv']);
    assert.equal(again.code, 1);
    assert.match(again.err, /already exists/);
  });

  it('says to deploy first (or use --draft) for an undeployed file', async () => {
    writeFileSync(join(dir, 'new.segment.json'), file('Never deployed'));
    const r = await run(['new.segment.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, /not deployed yet.*--draft/);
  });
});

describe('preview --draft interrupted', () => {
  it('deletes the temporary segment on Ctrl-C', async () => {
    // A first evaluation that never ends keeps the preview waiting until it is interrupted.
    const sb = await startSandbox({ rateLimit: false, processingMs: 600_000 });
    const dir = tempDir('sigint-');
    writeFileSync(join(dir, 'x.segment.json'), file('Interrupted'));
    const root = new URL('../..', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli/src/main.ts'), 'preview', join(dir, 'x.segment.json'), '--draft'], {
      cwd: root,
      env: { ...process.env, ...sandboxEnv(sb) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      // Wait for the temporary segment and its first poll, then interrupt.
      while (!temporaries(sb).some((s) => s.evaluatedAt !== undefined)) {
        if (child.exitCode !== null) assert.fail(`preview exited early: ${stderr}`);
        await new Promise((r) => setImmediate(r));
      }
      child.kill('SIGINT');
      const code = await exited;
      assert.equal(code, 130, stderr);
      assert.match(stderr, /Cancelled/);
      const temps = temporaries(sb);
      assert.equal(temps.length, 1);
      assert.ok(temps[0]!.deleted_at, 'the temporary segment was deleted');
      assert.ok(!existsSync(join(dir, 'x.csv')));
      assert.equal(parseSegmentFile(readFileSync(join(dir, 'x.segment.json'), 'utf8'), 'x').segmentId, undefined);
    } finally {
      child.kill();
      await sb.close();
    }
  });
});
