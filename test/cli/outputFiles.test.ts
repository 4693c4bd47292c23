/**
 * Paths a command writes to (preview --csv, unescape --out, pull --dir) and the plan file apply reads:
 * checked before any request, said in words (never ENOENT, EISDIR or EEXIST, never a temporary file's
 * name), and never the file the command reads, whatever --force says. `-` is stdout.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFileAtomic } from '../../api/src/atomicWrite.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { apply } from '../../cli/src/commands/plan.js';
import { preview } from '../../cli/src/commands/preview.js';
import { pull } from '../../cli/src/commands/pull.js';
import { unescape } from '../../cli/src/commands/unescape.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastSandbox } from '../api/sandboxFixture.js';
import { memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

const SEGMENT = JSON.stringify({ name: 'MA contacts', segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'MA' }] } } }, null, 2) + '\n';
const BODY = JSON.stringify({ name: 'Body', segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'RI' }] } }) });
const RAW = /ENOENT|EISDIR|EEXIST|ENOTDIR|\.tmp\b|\n\s+at /;

describe('the paths a command writes to', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let deployed: string;
  const run = async (cmd: (argv: string[], io: ReturnType<typeof memoryIo>) => Promise<number>, args: string[]) => {
    const io = memoryIo({ env, cwd: dir });
    const before = sb.requests;
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr, requests: sb.requests - before };
  };

  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
    dir = tempDir('outputs-');
    writeFileSync(join(dir, 'ma.segment.json'), SEGMENT);
    assert.equal((await run(deploy, ['ma.segment.json'])).code, 0);
    deployed = readFileSync(join(dir, 'ma.segment.json'), 'utf8');
    mkdirSync(join(dir, 'somefolder'));
    writeFileSync(join(dir, 'body.json'), BODY);
  });
  after(() => sb.close());

  it('preview --csv into a folder that does not exist: said before any request', async () => {
    const r = await run(preview, ['ma.segment.json', '--csv', 'nonexist/x.csv']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^--csv nonexist\/x\.csv: the folder nonexist does not exist\. Create it first \(mkdir -p nonexist\), or choose another path\.$/m);
    assert.doesNotMatch(r.err, RAW);
    assert.equal(r.requests, 0, 'no request, no export');
  });

  it('preview --csv over the segment file it reads is refused, even with --force, however the path is spelled', async () => {
    symlinkSync('ma.segment.json', join(dir, 'link.csv'));
    for (const csv of ['ma.segment.json', './somefolder/../ma.segment.json', 'link.csv']) {
      const r = await run(preview, ['ma.segment.json', '--csv', csv, '--force']);
      assert.equal(r.code, 2, csv);
      assert.match(r.err, /the file this command reads: it is never written over, even with --force\. Choose another --csv path\./);
      assert.equal(r.requests, 0);
      assert.equal(readFileSync(join(dir, 'ma.segment.json'), 'utf8'), deployed, 'the segment file is untouched');
    }
  });

  it('preview --csv at a folder, even with --force: said, nothing written', async () => {
    const r = await run(preview, ['ma.segment.json', '--csv', 'somefolder', '--force']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^--csv somefolder is a folder: name a file in it, e.g\. --csv somefolder\/contacts\.csv\.$/m);
    assert.doesNotMatch(r.err, RAW);
    assert.equal(r.requests, 0);
  });

  it('preview --csv - writes the CSV to stdout, and only the CSV', async () => {
    const r = await run(preview, ['ma.segment.json', '--csv', '-']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^Email address,First name,Last name/);
    assert.equal(lines.length - 1, sb.state.data.contacts.filter((c) => c.state?.toLowerCase() === 'ma').length);
    assert.match(r.err, new RegExp(`Exported ${lines.length - 1} contacts to stdout\\.`));
    assert.ok(!existsSync(join(dir, '-')), 'no file named -');
  });

  it('unescape --out into a folder that does not exist, or at a folder: said, nothing written', async () => {
    const missing = await run(unescape, ['body.json', '--out', 'nonexistent/dir/x.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^--out nonexistent\/dir\/x\.json: the folder nonexistent\/dir does not exist\./m);
    const folder = await run(unescape, ['body.json', '--out', 'somefolder', '--force']);
    assert.equal(folder.code, 2);
    assert.match(folder.err, /^--out somefolder is a folder: name a file in it/m);
    for (const r of [missing, folder]) {
      assert.doesNotMatch(r.err, RAW);
      assert.equal(r.out, '');
    }
  });

  it('unescape --out over the body it reads is refused, even with --force', async () => {
    const r = await run(unescape, ['body.json', '--out', 'body.json', '--force']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--out body\.json is the file this command reads: it is never written over, even with --force\./);
    assert.equal(readFileSync(join(dir, 'body.json'), 'utf8'), BODY);
  });

  it('unescape --out - prints the file, as - for the input reads stdin', async () => {
    const r = await run(unescape, ['body.json', '--out', '-']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\{\n {2}"name": "Body",/);
    assert.ok(!existsSync(join(dir, '-')));
  });

  it('pull --dir naming a file: said before any request', async () => {
    for (const [given, words] of [
      ['ma.segment.json', /^--dir ma\.segment\.json is a file, not a folder: name a folder \(pull creates it when it does not exist\)\.$/m],
      ['ma.segment.json/sub', /^--dir ma\.segment\.json\/sub: ma\.segment\.json is a file, not a folder/m],
    ] as const) {
      const r = await run(pull, ['1', '--dir', given]);
      assert.equal(r.code, 2, given);
      assert.match(r.err, words);
      assert.doesNotMatch(r.err, RAW);
      assert.equal(r.requests, 0);
    }
    assert.equal(readFileSync(join(dir, 'ma.segment.json'), 'utf8'), deployed);
  });

  it('apply --plan: a plan file that does not exist, or a folder, is said so with what to do', async () => {
    const missing = await run(apply, ['ma.segment.json', '--plan', 'nope.json']);
    assert.equal(missing.code, 2);
    assert.equal(missing.err, 'The plan file nope.json does not exist: make one with `segment-criteria plan ma.segment.json --out nope.json`.\n');
    const folder = await run(apply, ['ma.segment.json', '--plan', 'somefolder']);
    assert.equal(folder.code, 2);
    assert.equal(folder.err, 'somefolder is a folder, not a plan file: name the file that `segment-criteria plan ma.segment.json --out FILE` wrote.\n');
    assert.equal(missing.requests + folder.requests, 0);
  });

  it('a failed atomic write names the file being written, not its temporary file', () => {
    const target = join(dir, 'gone', 'x.json');
    assert.throws(
      () => writeFileAtomic(target, 'x'),
      (e: NodeJS.ErrnoException) => e.code === 'ENOENT' && e.path === target && e.message.includes(target) && !/\.tmp\b/.test(e.message),
    );
  });
});
