/**
 * The temporary segments of count, diff and preview --draft, and of deploy and apply --max-change.
 *
 * Ctrl-C, as users press it: the CLI runs in a process of its own and is sent real signals. The first
 * cancels what is in flight and deletes the temporary segment; a second, while that delete is still being
 * retried, does not stop it; a third quits, naming the segment left behind and the command that deletes it.
 * A write already sent is let finish and recorded in its file.
 *
 * A temporary segment the API will not delete is named with the command that deletes it, and the command
 * exits 1: something was left behind.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { count } from '../../cli/src/commands/count.js';
import { deleteCommand } from '../../cli/src/commands/delete.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { diff } from '../../cli/src/commands/diff.js';
import { apply } from '../../cli/src/commands/plan.js';
import { preview } from '../../cli/src/commands/preview.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import type { Faults } from '../../sandbox/src/faults.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastSandbox } from '../api/sandboxFixture.js';
import { memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

/** The CLI as users run it (built by `node esbuild.mjs`), in the files' folder. */
const builtCli = new URL('../../dist/cli.js', import.meta.url).pathname;
const temporaries = (sb: Sandbox) => [...sb.state.segments.values()].filter((s) => s.name.startsWith('[segment-criteria temporary preview'));
const maFile = (name: string, value = 'ma') => JSON.stringify({ name, segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value }] } } }, null, 2) + '\n';

/** A sandbox that logs what it answered, and a folder with `ma.segment.json` deployed to it. */
async function setUp(): Promise<{ sb: Sandbox; dir: string; env: NodeJS.ProcessEnv; answered: string[] }> {
  const answered: string[] = [];
  const sb = await fastSandbox({ log: (line) => answered.push(line) });
  const env = sandboxEnv(sb);
  const dir = tempDir('cancel-');
  writeFileSync(join(dir, 'ma.segment.json'), maFile('MA contacts'));
  const io = memoryIo({ env, cwd: dir });
  assert.equal(await deploy(['ma.segment.json'], io), 0, io.stderr);
  return { sb, dir, env, answered };
}

interface Cli {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** The exit code, or the signal that ended the process. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Waits until `ready` holds, failing if the CLI exits first. */
  until(ready: () => boolean, what: string): Promise<void>;
}

function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Cli {
  const child = spawn(process.execPath, [builtCli, ...args], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | NodeJS.Signals | null>((done) => child.on('exit', (code, signal) => done(code ?? signal)));
  return {
    child,
    stderr: () => err,
    stdout: () => out,
    exited,
    async until(ready, what) {
      while (!ready()) {
        if (child.exitCode !== null || child.signalCode !== null) assert.fail(`exited before ${what}:\n${err}`);
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

/** A fetch as seen from the server: a request the client stops waiting for is still carried out whole. */
const serverSide: typeof fetch = (input, init = {}) => {
  const { signal, ...rest } = init;
  return new Promise((resolve, reject) => {
    fetch(input, rest).then(resolve, reject);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
};

/** Whether the sandbox has started a request it has not answered yet (the CLI sends one at a time). */
const inFlight = (sb: Sandbox, answered: string[]) => sb.requests > answered.filter((l) => / \/v3\//.test(l)).length;

describe('Ctrl-C', () => {
  for (const command of ['deploy', 'apply']) {
    it(`during ${command} --max-change: the measurement is cancelled, its temporary segment deleted, the file left as it was`, async () => {
      const { sb, dir, env } = await setUp();
      try {
        const edited = readFileSync(join(dir, 'ma.segment.json'), 'utf8').replace('"ma"', '"ri"');
        writeFileSync(join(dir, 'ma.segment.json'), edited);
        const id = parseSegmentFile(edited, 'ma').segmentId!;
        const criteria = sb.state.segments.get(id)!.segment_criteria;
        // Slow exports keep the measurement going while the temporary segment exists.
        sb.setFaults({ slow: { ms: 1000, match: '/v3/activities' } });
        const run = cli([command, 'ma.segment.json', '--max-change', '10'], env, dir);
        try {
          await run.until(() => temporaries(sb).length > 0, 'the temporary segment was made');
          run.child.kill('SIGINT');
          assert.equal(await run.exited, 130, run.stderr());
        } finally {
          run.child.kill('SIGKILL');
        }
        const temp = temporaries(sb)[0]!;
        assert.match(run.stderr(), new RegExp(`Measuring the audience change through temporary segment ${temp.segment_id} \\(deleted afterwards\\)\\.`));
        assert.match(run.stderr(), /Cancelled\. Not (deployed|applied): ma\.segment\.json\.\n$/);
        assert.doesNotMatch(run.stderr(), /Could not delete/);
        assert.equal(temporaries(sb).length, 1);
        assert.ok(temp.deleted_at, 'the temporary segment was deleted');
        assert.equal(sb.state.segments.get(id)!.segment_criteria, criteria, 'the segment was not updated');
        assert.equal(readFileSync(join(dir, 'ma.segment.json'), 'utf8'), edited, 'the file was not written');
        assert.deepEqual(readdirSync(dir), ['ma.segment.json'], 'no temporary file is left beside it');
      } finally {
        await sb.close();
      }
    });
  }

  it('while deploy writes a segment: the write is let finish and recorded whole in its file; the next file is not deployed', async () => {
    const { sb, dir, env, answered } = await setUp();
    try {
      const edited = readFileSync(join(dir, 'ma.segment.json'), 'utf8').replace('"ma"', '"ri"');
      writeFileSync(join(dir, 'ma.segment.json'), edited);
      writeFileSync(join(dir, 'new.segment.json'), maFile('Not deployed yet'));
      const id = parseSegmentFile(edited, 'ma').segmentId!;
      sb.setFaults({ slow: { ms: 1000, match: 'PUT /v3/segments' } });
      const run = cli(['deploy', 'ma.segment.json', 'new.segment.json'], env, dir);
      try {
        // The file's segment was read; the one request after it is the update.
        await run.until(() => answered.some((l) => l.startsWith(`GET /v3/segments/${id} `)) && inFlight(sb, answered), 'the update was sent');
        run.child.kill('SIGINT');
        assert.equal(await run.exited, 130, run.stderr());
      } finally {
        run.child.kill('SIGKILL');
      }
      assert.match(run.stdout(), new RegExp(`ma\\.segment\\.json: updated segment ${id}`));
      assert.match(run.stderr(), /Cancelled\. Not deployed: new\.segment\.json\.\n$/);
      const written = readFileSync(join(dir, 'ma.segment.json'), 'utf8');
      const file = parseSegmentFile(written, 'ma');
      assert.equal(file.segmentId, id);
      assert.notEqual(file.sync!.hash, parseSegmentFile(edited, 'ma').sync!.hash, 'the new sync record is written');
      assert.equal(written.replace(/"sync": \{[^}]*\}/, ''), edited.replace(/"sync": \{[^}]*\}/, ''), 'and nothing else changed');
      assert.equal(readFileSync(join(dir, 'new.segment.json'), 'utf8'), maFile('Not deployed yet'));
      assert.ok(![...sb.state.segments.values()].some((s) => s.name === 'Not deployed yet'));
      assert.deepEqual(readdirSync(dir).sort(), ['ma.segment.json', 'new.segment.json']);
    } finally {
      await sb.close();
    }
  });

  it('while the temporary segment is being created: it is still deleted once made', async () => {
    const { sb, dir, env, answered } = await setUp();
    try {
      sb.setFaults({ slow: { ms: 300, match: 'POST /v3/segments' } });
      // In this process, so that the API may carry out a request the CLI gave up on, as a server does.
      const io = memoryIo({ env, cwd: dir });
      io.clientOptions = { ...io.clientOptions, fetch: serverSide };
      const before = sb.requests;
      const created = () => answered.filter((l) => l.startsWith('POST /v3/segments 201')).length;
      const createdBefore = created();
      const counting = count(['ma.segment.json', '--draft'], io);
      // The first request of count --draft creates the temporary segment.
      while (sb.requests === before) await new Promise((r) => setImmediate(r));
      process.emit('SIGINT', 'SIGINT');
      assert.equal(await counting, 130, io.stderr);
      assert.match(io.stderr, /Cancelled\.\n$/);
      while (created() === createdBefore) await new Promise((r) => setImmediate(r));
      assert.equal(temporaries(sb).length, 1);
      assert.ok(temporaries(sb)[0]!.deleted_at, 'the temporary segment was deleted');
    } finally {
      await sb.close();
    }
  });

  it('twice, while the temporary segment is being deleted: the delete goes on, and is said once', async () => {
    const { sb, dir, env, answered } = await setUp();
    try {
      // The delete fails three times; its fourth and last try succeeds.
      sb.setFaults({ slow: { ms: 1000, match: '/v3/activities' }, serverError: { match: 'DELETE /v3/segments', times: 3 } } satisfies Faults);
      const run = cli(['count', 'ma.segment.json', '--draft'], env, dir);
      try {
        await run.until(() => temporaries(sb).length > 0, 'the temporary segment was made');
        run.child.kill('SIGINT');
        await run.until(() => answered.some((l) => /^DELETE \/v3\/segments\/\d+ 500/.test(l)), 'the delete failed once');
        run.child.kill('SIGINT');
        const id = temporaries(sb)[0]!.segment_id;
        await run.until(() => run.stderr().includes(`Still deleting temporary segment ${id}`), 'it said so');
        assert.equal(await run.exited, 130, run.stderr());
      } finally {
        run.child.kill('SIGKILL');
      }
      const temp = temporaries(sb)[0]!;
      assert.ok(temp.deleted_at, 'the temporary segment was deleted');
      assert.equal(run.stderr().match(/Still deleting/g)!.length, 1);
      assert.match(run.stderr(), new RegExp(`Still deleting temporary segment ${temp.segment_id}, so that it is not left in the account\\. Press Ctrl-C again to quit without waiting\\.\\nCancelled\\.\\n$`));
    } finally {
      await sb.close();
    }
  });

  it('three times: quits at once, naming the temporary segment left and the command that deletes it', async () => {
    const { sb, dir, env, answered } = await setUp();
    try {
      writeFileSync(join(dir, 'ma.segment.json'), readFileSync(join(dir, 'ma.segment.json'), 'utf8').replace('"ma"', '"ri"'));
      sb.setFaults({ slow: { ms: 1000, match: '/v3/activities' }, serverError: { match: 'DELETE /v3/segments' } });
      const run = cli(['diff', 'ma.segment.json'], env, dir);
      try {
        await run.until(() => temporaries(sb).length > 0, 'the temporary segment was made');
        run.child.kill('SIGINT');
        await run.until(() => answered.some((l) => /^DELETE \/v3\/segments\/\d+ 500/.test(l)), 'the delete failed once');
        run.child.kill('SIGINT');
        await run.until(() => run.stderr().includes('Still deleting'), 'it said it was still deleting');
        run.child.kill('SIGINT');
        assert.equal(await run.exited, 130, run.stderr());
      } finally {
        run.child.kill('SIGKILL');
      }
      const temp = temporaries(sb)[0]!;
      assert.ok(!temp.deleted_at);
      const m = /Quit without deleting temporary segment (\d+): it is left in the account\. Delete it with:\n {2}(segment-criteria delete --id \d+ --api-base-url \S+)\n$/.exec(run.stderr());
      assert.ok(m, run.stderr());
      assert.equal(Number(m[1]), temp.segment_id);
      // The command, as printed, deletes it.
      sb.setFaults({});
      const [, , ...args] = m[2]!.split(' ');
      const io = memoryIo({ env: { ...env, CTCT_API_BASE_URL: undefined }, cwd: dir });
      assert.equal(await deleteCommand([...args, '--yes'], io), 0, io.stderr);
      assert.match(io.stdout, new RegExp(`Segment ${temp.segment_id} ".*" deleted\\.`));
      assert.ok(temp.deleted_at);
    } finally {
      await sb.close();
    }
  });
});

describe('a temporary segment the API will not delete', () => {
  it('is named with the command that deletes it, and the command exits 1', async () => {
    const { sb, dir, env } = await setUp();
    try {
      const cases: [string, (argv: string[], io: ReturnType<typeof memoryIo>) => Promise<number>, string[], string][] = [
        ['count --draft', count, ['ma.segment.json', '--draft'], 'ri'],
        ['diff', diff, ['ma.segment.json'], 'ct'],
        ['preview --draft', preview, ['ma.segment.json', '--draft'], 'nh'],
        ['deploy --max-change', deploy, ['ma.segment.json', '--max-change', '1000'], 'vt'],
        ['apply --max-change', apply, ['ma.segment.json', '--max-change', '1000'], 'me'],
      ];
      for (const [name, command, args, state] of cases) {
        // Criteria other than the deployed ones, so that deploy and apply measure the change.
        const path = join(dir, 'ma.segment.json');
        writeFileSync(path, readFileSync(path, 'utf8').replace(/"value": "\w+"/, `"value": "${state}"`));
        sb.setFaults({ serverError: { match: 'DELETE /v3/segments' } });
        const io = memoryIo({ env, cwd: dir });
        const code = await command(args, io);
        sb.setFaults({});
        assert.equal(code, 1, `${name}: ${io.stderr}`);
        const m = /Could not delete temporary segment (\d+): DELETE \/segments\/\d+: Constant Contact had a server error \(500\)\..* It is left in the account: delete it with `(segment-criteria delete --id (\d+) --api-base-url (\S+))`\.\n/.exec(io.stderr);
        assert.ok(m, `${name}: ${io.stderr}`);
        assert.equal(m[3], m[1]);
        assert.equal(m[4], sb.baseUrl);
        const temp = sb.state.segments.get(Number(m[1]))!;
        assert.ok(temp.name.startsWith('[segment-criteria temporary preview') && !temp.deleted_at, name);
        // What was asked for was still done: the count, the comparison, the contacts, the update.
        assert.notEqual(io.stdout, '', name);
        if (name.startsWith('deploy') || name.startsWith('apply')) assert.match(io.stdout, /ma\.segment\.json: updated segment/);

        // The command, as printed, deletes it.
        const [, , ...again] = m[2]!.split(' ');
        const del = memoryIo({ env: { ...env, CTCT_API_BASE_URL: undefined }, cwd: dir });
        assert.equal(await deleteCommand([...again, '--yes'], del), 0, del.stderr);
        assert.ok(temp.deleted_at, name);
      }
    } finally {
      await sb.close();
    }
  });
});
