// `segment-criteria plan` and `apply` against the sandbox: what they print, their exit codes, the plan
// file, and that apply changes nothing (remote and files) when a plan no longer holds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apply, plan } from '../../cli/src/commands/plan.js';
import { UsageError } from '../../cli/src/usage.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { commentedSegment, memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

describe('plan and apply a folder', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let root: string;
  let dir: string;
  const run = async (cmd: typeof plan, args: string[]) => {
    const io = memoryIo({ env, cwd: root });
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const seg = (name: string) => join(dir, name);
  const read = (name: string) => readFileSync(seg(name), 'utf8');
  const remote = () => JSON.stringify([...sb.state.segments.values()]);
  const files = () => Object.fromEntries(readdirSync(dir).map((n) => [n, read(n)]));
  const live = () => [...sb.state.segments.values()].filter((s) => !s.deleted_at);

  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
    root = tempDir('plan-');
    dir = join(root, 'segments');
    mkdirSync(dir);
  });
  after(() => sb.close());

  it('plans a create with exit 3, writing nothing', async () => {
    writeFileSync(seg('ma.segment.json'), commentedSegment('Plan MA'));
    writeFileSync(seg('ri.segment.json'), commentedSegment('Plan RI', 'RI'));
    const [r0, f0] = [remote(), files()];
    const r = await run(plan, ['segments']);
    assert.equal(r.code, 3, r.err);
    assert.match(r.out, /^segments\/ma\.segment\.json: create segment "Plan MA"$/m);
    assert.match(r.out, /^Plan: 2 to create, 0 to update, 0 unchanged, 0 refused\.$/m);
    assert.match(r.err, /Planning against .*account sandbox-sample/);
    assert.equal(remote(), r0);
    assert.deepEqual(files(), f0);
  });

  it('applies a fresh plan: creates and binds the files as deploy does, keeping their comments', async () => {
    const r = await run(apply, ['segments']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /segments\/ma\.segment\.json: created segment \d+ "Plan MA"/);
    assert.match(r.out, /Applied: 2 created, 0 updated, 0 unchanged, 0 refused\./);
    const f = parseSegmentFile(read('ma.segment.json'), 'f');
    assert.equal(sb.state.segments.get(f.segmentId!)!.name, 'Plan MA');
    assert.equal(f.sync?.account, 'sandbox-sample');
    assert.match(read('ma.segment.json'), /\/\/ case-insensitive/);
  });

  it('exits 0 with nothing to do, and lists the segments no file manages', async () => {
    const loose = await fastClient(sb).createSegment({ name: 'Plan loose', segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'NH' }] } }) });
    const r = await run(plan, ['segments']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^segments\/ma\.segment\.json: unchanged \(segment \d+ "Plan MA"\)$/m);
    // The sample account's own segments are listed too.
    assert.match(r.out, /no file manages \(listed only; plan and apply never delete\): 3\n {2}segment \d+ "Plan loose"/);
    assert.ok(r.out.includes(`segment ${loose.segment_id} "Plan loose"`));
  });

  it('plans an update with exit 3, writes the plan as JSON to --out, and applies it while it holds', async () => {
    writeFileSync(seg('ma.segment.json'), read('ma.segment.json').replace('"value": "MA"', '"value": "ME"'));
    const id = parseSegmentFile(read('ma.segment.json'), 'f').segmentId!;
    const r = await run(plan, ['segments', '--out', 'plan.json', '--format', 'json', '--diff']);
    assert.equal(r.code, 3, r.err);
    const p = JSON.parse(r.out);
    assert.equal(p.version, 1);
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'plan.json'), 'utf8')), p);
    const entry = p.files.find((e: { path: string }) => e.path === 'segments/ma.segment.json');
    assert.equal(entry.action, 'update');
    assert.equal(entry.segment_id, id);
    assert.match(entry.remote.hash, /^[0-9a-f]{64}$/);
    assert.equal(entry.remote.edited_at, sb.state.segments.get(id)!.edited_at);
    assert.match(entry.sha256, /^[0-9a-f]{64}$/);
    const a = await run(apply, ['segments', '--plan', 'plan.json']);
    assert.equal(a.code, 0, a.err);
    assert.match(a.out, new RegExp(`updated segment ${id} "Plan MA"`));
    assert.match(sb.state.segments.get(id)!.segment_criteria, /"ME"/);
  });

  it('refuses when a file changed after planning, changing nothing', async () => {
    writeFileSync(seg('ri.segment.json'), read('ri.segment.json').replace('"value": "RI"', '"value": "CT"'));
    assert.equal((await run(plan, ['segments', '--out', 'plan.json'])).code, 3);
    writeFileSync(seg('ri.segment.json'), read('ri.segment.json').replace('"value": "CT"', '"value": "VT"'));
    writeFileSync(seg('ma.segment.json'), read('ma.segment.json').replace('"value": "ME"', '"value": "NY"'));
    const [r0, f0] = [remote(), files()];
    const r = await run(apply, ['segments', '--plan', 'plan.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, /segments\/ri\.segment\.json: changed since the plan \(sha256 [0-9a-f]{12}… then, [0-9a-f]{12}… now\)/);
    assert.match(r.err, /segments\/ma\.segment\.json: changed since the plan/);
    assert.match(r.err, /Nothing was changed: the plan no longer holds/);
    assert.equal(remote(), r0);
    assert.deepEqual(files(), f0);
  });

  it('refuses when a remote segment changed after planning, changing nothing', async () => {
    assert.equal((await run(plan, ['segments', '--out', 'plan.json'])).code, 3);
    const id = parseSegmentFile(read('ri.segment.json'), 'f').segmentId!;
    const s = sb.state.segments.get(id)!;
    await fastClient(sb).updateSegment(id, { name: s.name, segment_criteria: s.segment_criteria.replace('"RI"', '"NJ"') });
    const [r0, f0] = [remote(), files()];
    const r = await run(apply, ['segments', '--plan', 'plan.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`segments/ri\\.segment\\.json: segment ${id} changed in the account since the plan`));
    assert.equal(remote(), r0);
    assert.deepEqual(files(), f0);
  });

  it('refuses when a file appeared after planning', async () => {
    rmSync(seg('ri.segment.json'));
    assert.equal((await run(plan, ['segments', '--out', 'plan.json'])).code, 3);
    writeFileSync(seg('late.segment.json'), commentedSegment('Plan late'));
    const r0 = remote();
    const r = await run(apply, ['segments', '--plan', 'plan.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, /segments\/late\.segment\.json: not in the plan/);
    assert.equal(remote(), r0);
    rmSync(seg('late.segment.json'));
  });

  it('says remote edited (exit 1) when both sides changed, and apply carries out the rest', async () => {
    const id = parseSegmentFile(read('ma.segment.json'), 'f').segmentId!;
    const s = sb.state.segments.get(id)!;
    await fastClient(sb).updateSegment(id, { name: s.name, segment_criteria: s.segment_criteria.replace('"ME"', '"PA"') });
    writeFileSync(seg('new.segment.json'), commentedSegment('Plan beside a refusal'));
    const r = await run(plan, ['segments']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, new RegExp(`^segments/ma\\.segment\\.json: refused \\(remote edited\\): segment ${id} was changed outside this file`, 'm'));
    const a = await run(apply, ['segments']);
    assert.equal(a.code, 1);
    assert.match(a.err, /^segments\/ma\.segment\.json: refused \(remote edited\): segment \d+ was changed outside this file/m);
    assert.match(a.out, /Applied: 1 created, 0 updated, \d+ unchanged, 1 refused\./);
    assert.match(sb.state.segments.get(id)!.segment_criteria, /"PA"/, 'the remote edit is kept');
    assert.ok(live().some((x) => x.name === 'Plan beside a refusal'), 'the other file was carried out');
  });

  it('says invalid (exit 1) with the checker errors, and never carries it out', async () => {
    const d = join(root, 'invalid');
    mkdirSync(d);
    writeFileSync(join(d, 'bad.segment.json'), '{\n  "name": "Plan broken",\n  "segment_criteria": {"version": "1.0.0", "criteria": {"type": "or", "group": []}}\n}\n');
    const r = await run(plan, ['invalid']);
    assert.equal(r.code, 1);
    assert.match(r.out, /^invalid\/bad\.segment\.json: refused \(invalid\): \d+ errors?; fix/m);
    assert.match(r.out, /^ {2}invalid\/bad\.segment\.json:3:\d+: error [a-z-]+ /m);
    const a = await run(apply, ['invalid']);
    assert.equal(a.code, 1);
    assert.ok(!live().some((x) => x.name === 'Plan broken'));
  });

  it('never deletes: a segment whose file is gone stays, listed as unmanaged', async () => {
    const id = parseSegmentFile(read('new.segment.json'), 'f').segmentId!;
    rmSync(seg('new.segment.json'));
    const r = await run(plan, ['segments']);
    assert.match(r.out, new RegExp(`segment ${id} "Plan beside a refusal"`));
    await run(apply, ['segments']);
    assert.ok(!sb.state.segments.get(id)!.deleted_at);
  });

  it('exits 2 for a missing folder, an unreadable plan file, or a wrong call, changing nothing', async () => {
    const r0 = remote();
    const missing = await run(plan, ['nowhere']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nowhere: no such file or folder/);
    assert.equal((await run(apply, ['nowhere'])).code, 2);
    assert.equal((await run(apply, ['segments', '--plan', 'no-plan.json'])).code, 2);
    writeFileSync(join(root, 'not-a-plan.json'), '{"hello": 1}');
    const bad = await run(apply, ['segments', '--plan', 'not-a-plan.json']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not a plan file/);
    // The advice never names the file that is not a plan as the place to write one.
    assert.ok(!/--out not-a-plan\.json/.test(bad.err), bad.err);
    const over = await run(plan, ['segments', '--out', 'not-a-plan.json']);
    assert.equal(over.code, 2);
    assert.equal(readFileSync(join(root, 'not-a-plan.json'), 'utf8'), '{"hello": 1}', 'not overwritten');
    const noFolder = await run(plan, ['segments', '--out', 'no/such/folder/plan.json']);
    assert.equal(noFolder.code, 2);
    assert.match(noFolder.err, /its folder does not exist/);
    await assert.rejects(run(plan, []), UsageError);
    await assert.rejects(run(apply, ['segments', '--plan', 'plan.json', '--strict']), UsageError);
    await assert.rejects(run(plan, ['segments', '--format', 'xml']), UsageError);
    assert.equal(remote(), r0);
    // As users run it: the built CLI turns a wrong call into exit 2.
    const spawned = spawnSync(process.execPath, [cli, 'plan'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(spawned.status, 2, spawned.stderr);
  });
});
