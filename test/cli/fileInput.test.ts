/**
 * What every command that reads segment files does with a file it cannot use as it is: not UTF-8, a FIFO
 * or a device, a loop of links (exit 2, a message, the file untouched), and what it accepts as VS Code
 * does (a UTF-8 byte order mark, links to files).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import { deleteCommand } from '../../cli/src/commands/delete.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { escape } from '../../cli/src/commands/escape.js';
import { preview } from '../../cli/src/commands/preview.js';
import { pull } from '../../cli/src/commands/pull.js';
import { rename } from '../../cli/src/commands/rename.js';
import { unescape } from '../../cli/src/commands/unescape.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastSandbox } from '../api/sandboxFixture.js';
import { memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const posix = process.platform !== 'win32';

/** The built CLI in a child process, with a deadline: a read that blocks shows up as a timeout. */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 10_000, env: { PATH: process.env.PATH, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined };
}

const segment = (name: string, value = 'MA') =>
  `{\n  "name": ${JSON.stringify(name)},\n  "segment_criteria": { "version": "1.0.0", "criteria": { "type": "and", "group": [\n    { "source": "contact", "field": "state", "op": "eq", "value": "${value}" }\n  ] } }\n}\n`;

/** A segment file saved as Latin-1: "Café" is not UTF-8. */
const latin1 = Buffer.from(segment('Café clients'), 'latin1');
const NOT_UTF8 = /latin1\.segment\.json: not UTF-8 text \(an invalid byte at line 2, column 15\)\. Segment files are UTF-8/;
const BOM = '\uFEFF';

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, 'mkfifo works here');
}

describe('files that are not UTF-8', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
  });
  after(() => sb.close());

  it('check refuses them with exit 2 and the line and column of the bad byte', () => {
    const dir = tempDir('utf8-');
    writeFileSync(join(dir, 'latin1.segment.json'), latin1);
    const r = run(['check', 'latin1.segment.json'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, NOT_UTF8);
    assert.equal(r.stdout, '');
    assert.deepEqual(readFileSync(join(dir, 'latin1.segment.json')), latin1);
  });

  it('escape, deploy, rename, delete and preview refuse them with exit 2 and leave them untouched', async () => {
    const dir = tempDir('utf8-');
    const path = join(dir, 'latin1.segment.json');
    writeFileSync(path, latin1);
    const before = sb.state.segments.size;
    const calls: [string, (a: string[], io: ReturnType<typeof memoryIo>) => Promise<number>, string[]][] = [
      ['escape', escape, ['latin1.segment.json']],
      ['deploy', deploy, ['latin1.segment.json']],
      ['deploy a folder', deploy, ['.']],
      ['rename', rename, ['latin1.segment.json', 'New name']],
      ['delete', deleteCommand, ['latin1.segment.json', '--yes']],
      ['preview', preview, ['latin1.segment.json', '--draft']],
    ];
    for (const [what, command, args] of calls) {
      const io = memoryIo({ env, cwd: dir });
      assert.equal(await command(args, io), 2, `${what}: ${io.stderr}`);
      assert.match(io.stderr, NOT_UTF8, what);
      assert.equal(io.stdout, '', what);
      assert.deepEqual(readFileSync(path), latin1, what);
    }
    assert.equal(sb.state.segments.size, before, 'nothing was created');
    assert.ok(![...sb.state.segments.values()].some((s) => s.name.includes('\uFFFD')));
  });

  it('deploy exits 2 for a file that is missing, as check does', async () => {
    const dir = tempDir('missing-');
    writeFileSync(join(dir, 'good.segment.json'), segment('Missing neighbour'));
    const io = memoryIo({ env, cwd: dir });
    assert.equal(await deploy(['nope.segment.json', 'good.segment.json'], io), 2, io.stderr);
    assert.match(io.stderr, /^nope\.segment\.json: no such file or folder\.$/m);
    assert.match(io.stdout, /created segment \d+ "Missing neighbour"/);
  });

  it('pull writes nothing into a folder with a segment file it cannot read', async () => {
    const dir = tempDir('utf8-pull-');
    writeFileSync(join(dir, 'latin1.segment.json'), latin1);
    const io = memoryIo({ env, cwd: dir });
    assert.equal(await pull(['--all'], io), 2, io.stderr);
    assert.match(io.stderr, NOT_UTF8);
    assert.match(io.stderr, /Nothing pulled/);
    assert.deepEqual(readdirSync(dir), ['latin1.segment.json']);
  });

  it('unescape refuses a body that is not UTF-8, from a file or stdin', async () => {
    const dir = tempDir('utf8-');
    const body = Buffer.from(JSON.stringify({ name: 'Café', segment_criteria: '{"version":"1.0.0","criteria":{"type":"and","group":[]}}' }), 'latin1');
    writeFileSync(join(dir, 'body.json'), body);
    const io = memoryIo({ cwd: dir });
    assert.equal(await unescape(['body.json'], io), 2);
    assert.match(io.stderr, /body\.json: not UTF-8 text \(an invalid byte at line 1, column 13\)/);
    assert.equal(io.stdout, '');
    const piped = spawnSync(process.execPath, [cli, 'unescape'], { input: body, encoding: 'utf8', timeout: 10_000 });
    assert.equal(piped.status, 2, piped.stderr);
    assert.match(piped.stderr, /stdin: not UTF-8 text/);
  });
});

describe('a UTF-8 byte order mark', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
  });
  after(() => sb.close());

  it('is accepted by check, at the columns an editor shows', () => {
    const dir = tempDir('bom-');
    writeFileSync(join(dir, 'plain.segment.json'), '{"name": 5, "segment_criteria": {"version": "1.0.0", "criteria": {"type": "and", "group": []}}}\n');
    writeFileSync(join(dir, 'bom.segment.json'), BOM + '{"name": 5, "segment_criteria": {"version": "1.0.0", "criteria": {"type": "and", "group": []}}}\n');
    const plain = run(['check', 'plain.segment.json'], dir);
    const bom = run(['check', 'bom.segment.json'], dir);
    assert.doesNotMatch(bom.stdout, /syntax-error/);
    assert.equal(bom.stdout.replaceAll('bom.segment.json', 'plain.segment.json'), plain.stdout);
    assert.equal(bom.code, plain.code);
    writeFileSync(join(dir, 'good.segment.json'), BOM + segment('Good'));
    assert.deepEqual([run(['check', 'good.segment.json'], dir).code, run(['check', 'good.segment.json'], dir).stdout], [0, '']);
  });

  it('is accepted by escape and deploy, and kept when deploy writes segment_id and sync back', async () => {
    const dir = tempDir('bom-');
    writeFileSync(join(dir, 'bom.segment.json'), BOM + segment('With a BOM'));
    writeFileSync(join(dir, 'plain.segment.json'), segment('With a BOM'));
    const esc = memoryIo({ cwd: dir });
    assert.equal(await escape(['bom.segment.json'], esc), 0, esc.stderr);
    const plain = memoryIo({ cwd: dir });
    await escape(['plain.segment.json'], plain);
    assert.equal(esc.stdout, plain.stdout);
    const io = memoryIo({ env, cwd: dir });
    assert.equal(await deploy(['bom.segment.json'], io), 0, io.stderr);
    assert.doesNotMatch(io.stderr, /changed while deploying/);
    const text = readFileSync(join(dir, 'bom.segment.json'), 'utf8');
    assert.ok(text.startsWith(BOM + '{\n  "name": "With a BOM",'), 'the mark and the text stay as they were');
    const f = parseSegmentFile(text, 'f');
    assert.equal(sb.state.segments.get(f.segmentId!)?.name, 'With a BOM');
    const again = memoryIo({ env, cwd: dir });
    assert.equal(await deploy(['bom.segment.json'], again), 0, again.stderr);
    assert.match(again.stdout, /up to date/);
  });
});

describe('FIFOs, devices and links', { skip: !posix }, () => {
  it('check, escape and deploy refuse a FIFO named on the command line, at once, with exit 2', () => {
    const dir = tempDir('fifo-');
    mkfifo(join(dir, 'pipe.segment.json'));
    const env = { CTCT_API_BASE_URL: 'http://127.0.0.1:9/v3', CTCT_ACCESS_TOKEN: 'unused' };
    for (const args of [['check', 'pipe.segment.json'], ['escape', 'pipe.segment.json'], ['deploy', 'pipe.segment.json']]) {
      const r = run(args, dir, env);
      assert.equal(r.timedOut, false, `${args[0]} returned without waiting for a writer`);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /pipe\.segment\.json: not a regular file \(it is a FIFO\)\. Segment files are read from regular files only/);
    }
  });

  it('check refuses a FIFO found in a folder, and a device', () => {
    const dir = tempDir('fifo-');
    mkdirSync(join(dir, 'segments'));
    writeFileSync(join(dir, 'segments', 'good.segment.json'), segment('Good'));
    mkfifo(join(dir, 'segments', 'pipe.segment.json'));
    const r = run(['check', 'segments'], dir);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /segments\/pipe\.segment\.json: not a regular file \(it is a FIFO\)/);
    const device = run(['check', '/dev/null'], dir);
    assert.equal(device.code, 2);
    assert.match(device.stderr, /\/dev\/null: not a regular file \(it is a device\)/);
  });

  it('check follows links to files and folders in a folder, so a linked file cannot pass unchecked', () => {
    const dir = tempDir('links-');
    mkdirSync(join(dir, 'segments'));
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'bad.segment.json'), segment('Bad', 'Massachusetts').replace('"eq"', '"contains"'));
    symlinkSync(join(dir, 'shared', 'bad.segment.json'), join(dir, 'segments', 'linked.segment.json'));
    symlinkSync(join(dir, 'shared'), join(dir, 'segments', 'shared-folder'));
    const r = run(['check', 'segments'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^segments\/linked\.segment\.json:\d+:\d+: error unknown-op /m);
    assert.match(r.stdout, /^segments\/shared-folder\/bad\.segment\.json:\d+:\d+: error unknown-op /m);
  });

  it('reports loops of links, in a folder and on the command line, with exit 2', () => {
    const dir = tempDir('loops-');
    mkdirSync(join(dir, 'segments'));
    writeFileSync(join(dir, 'segments', 'good.segment.json'), segment('Good'));
    symlinkSync('b.segment.json', join(dir, 'segments', 'a.segment.json'));
    symlinkSync('a.segment.json', join(dir, 'segments', 'b.segment.json'));
    symlinkSync('..', join(dir, 'segments', 'up'));
    const r = run(['check', 'segments'], dir);
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /segments\/a\.segment\.json: a loop of symbolic links/);
    assert.match(r.stderr, /segments\/up: a link back to a folder it is inside \(a loop\)/);
    const named = run(['check', 'segments/a.segment.json'], dir);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /segments\/a\.segment\.json: a loop of symbolic links/);
  });
});
