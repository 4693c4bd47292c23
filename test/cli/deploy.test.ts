import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deployOne } from '../../domain/src/deploy.js';
import { deployMessage } from '../../cli/src/commands/deployMessages.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import { deleteCommand } from '../../cli/src/commands/delete.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { pull } from '../../cli/src/commands/pull.js';
import { rename } from '../../cli/src/commands/rename.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { commentedSegment, memoryIo, sandboxEnv, tempDir } from './cliFixture.js';


describe('deploy, pull, rename and delete against the sandbox', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const run = async (cmd: (a: string[], io: ReturnType<typeof memoryIo>) => Promise<number>, args: string[], opts: { cwd?: string; answers?: string[] } = {}) => {
    const io = memoryIo({ env, cwd: opts.cwd ?? dir, ...(opts.answers ? { answers: opts.answers } : {}) });
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const read = (name: string, d = dir) => readFileSync(join(d, name), 'utf8');
  const live = () => [...sb.state.segments.values()].filter((s) => !s.deleted_at);

  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
    dir = tempDir('deploy-');
  });
  after(() => sb.close());

  it('creates, writing segment_id and sync back and keeping comments and formatting', async () => {
    writeFileSync(join(dir, 'directors.segment.json'), commentedSegment('Directors in MA'));
    const r = await run(deploy, ['directors.segment.json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /created segment \d+ "Directors in MA"/);
    assert.match(r.err, /Deploying to "Sandbox Outfitters \(sample data\)" \(account sandbox-sample\) at 127\.0\.0\.1:\d+, token from CTCT_ACCESS_TOKEN/);
    const text = read('directors.segment.json');
    assert.ok(text.startsWith(commentedSegment('Directors in MA').replace(/\n}\n$/, '')), 'the original text is untouched');
    assert.match(text, /\/\/ case-insensitive/);
    const f = parseSegmentFile(text, 'f');
    assert.equal(typeof f.segmentId, 'number');
    assert.equal(f.sync?.account, 'sandbox-sample');
    assert.equal(f.sync?.api, new URL(sb.baseUrl).host);
    assert.match(f.sync!.hash, /^[0-9a-f]{64}$/);
    assert.ok(!r.out.includes(sb.token) && !r.err.includes(sb.token));
  });

  it('deploying again creates nothing and changes nothing', async () => {
    const before = live().length;
    const text = read('directors.segment.json');
    const r = await run(deploy, [dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /is up to date/);
    assert.equal(live().length, before);
    assert.equal(read('directors.segment.json'), text);
  });

  it('updates in place after an edit', async () => {
    const text = read('directors.segment.json');
    const id = parseSegmentFile(text, 'f').segmentId!;
    writeFileSync(join(dir, 'directors.segment.json'), text.replace('"value": "MA"', '"value": "RI"'));
    const r = await run(deploy, ['directors.segment.json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`updated segment ${id} `));
    assert.match(sb.state.segments.get(id)!.segment_criteria, /"RI"/);
    assert.notEqual(parseSegmentFile(read('directors.segment.json'), 'f').sync!.hash, parseSegmentFile(text, 'f').sync!.hash);
  });

  it('refuses to overwrite a remote edit, shows the difference, and --force overwrites', async () => {
    const text = read('directors.segment.json');
    const id = parseSegmentFile(text, 'f').segmentId!;
    const remoteCriteria = sb.state.segments.get(id)!.segment_criteria.replace('"RI"', '"CT"');
    await fastClient(sb).updateSegment(id, { name: 'Directors in MA', segment_criteria: remoteCriteria });
    writeFileSync(join(dir, 'directors.segment.json'), text.replace('"value": "RI"', '"value": "VT"'));
    const edited = read('directors.segment.json');
    const r = await run(deploy, ['directors.segment.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, /was changed outside this file since it was last deployed or pulled/);
    assert.match(r.err, /--force/);
    assert.match(r.err, /^-.*"CT"/m);
    assert.match(r.err, /^\+.*"VT"/m);
    assert.equal(sb.state.segments.get(id)!.segment_criteria, remoteCriteria, 'the remote edit is kept');
    assert.equal(read('directors.segment.json'), edited, 'the file is kept');
    const forced = await run(deploy, ['directors.segment.json', '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.match(sb.state.segments.get(id)!.segment_criteria, /"VT"/);
  });

  it('--dry-run says what it would do and changes nothing', async () => {
    writeFileSync(join(dir, 'new.segment.json'), commentedSegment('Brand new'));
    const before = live().length;
    const r = await run(deploy, ['new.segment.json', '--dry-run']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /would create segment "Brand new"/);
    assert.equal(live().length, before);
    assert.equal(read('new.segment.json'), commentedSegment('Brand new'));
  });

  it('finds a taken name before the POST and says how to pull it', async () => {
    writeFileSync(join(dir, 'copy.segment.json'), commentedSegment('directors in ma'));
    const before = sb.requests;
    const r = await run(deploy, ['copy.segment.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, /The name "directors in ma" is already used by segment \d+ in this account.*segment-criteria pull \d+/);
    assert.ok(sb.requests - before < 5);
  });

  it('explains a 409 from a name taken meanwhile', async () => {
    const client = fastClient(sb);
    const taken = await client.createSegment({ name: 'Raced', segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'NH' }] } }) });
    const file = parseSegmentFile(commentedSegment('Raced'), 'raced.segment.json');
    const out = await deployOne({ path: 'raced.segment.json', file }, { client, account: 'sandbox-sample', api: 'x', liveSegments: [] });
    assert.equal(out.kind, 'refused');
    assert.match(deployMessage('raced.segment.json', out), new RegExp(`409.*already used by segment ${taken.segment_id}`));
  });

  it('refuses a segment_id found in two files', async () => {
    const d = tempDir('dups-');
    const text = read('directors.segment.json');
    writeFileSync(join(d, 'a.segment.json'), text);
    writeFileSync(join(d, 'b.segment.json'), text);
    const r = await run(deploy, ['.'], { cwd: d });
    assert.equal(r.code, 1);
    assert.match(r.err, /segment_id \d+ is in a\.segment\.json and b\.segment\.json/);
  });

  it('refuses a file bound to another account', async () => {
    const d = tempDir('other-');
    writeFileSync(join(d, 'x.segment.json'), read('directors.segment.json').replace('"account": "sandbox-sample"', '"account": "someone-else"'));
    const r = await run(deploy, ['x.segment.json'], { cwd: d });
    assert.equal(r.code, 1);
    assert.match(r.err, /belongs to account someone-else .* signed in to account sandbox-sample/);
  });

  it('refuses a file with errors, printed as path:line:col', async () => {
    writeFileSync(join(dir, 'broken.segment.json'), '{\n  "name": "Broken",\n  "segment_criteria": {"version": "1.0.0", "criteria": {"type": "or", "group": []}}\n}\n');
    const r = await run(deploy, ['broken.segment.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^broken\.segment\.json:\d+:\d+: error [a-z-]+ /m);
    assert.ok(!live().some((s) => s.name === 'Broken'));
  });

  it('checks ids against the account: an unknown list is an error, a real one deploys', async () => {
    const list = (id: string) => JSON.stringify({ name: `List ${id.slice(0, 4)}`, segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'list_membership', field: 'list_id', op: 'eq', value: id }] } } });
    writeFileSync(join(dir, 'unknown-list.segment.json'), list('00000000-0000-4000-8000-000000000000'));
    const r = await run(deploy, ['unknown-list.segment.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^unknown-list\.segment\.json:1:\d+: error [a-z-]+ .*00000000-0000-4000-8000-000000000000/m);
    writeFileSync(join(dir, 'real-list.segment.json'), list(sb.state.data.lists[0]!.list_id));
    const ok = await run(deploy, ['real-list.segment.json']);
    assert.equal(ok.code, 0, ok.err);
  });

  it('pulls into another folder deterministically, and will not discard local edits', async () => {
    const id = parseSegmentFile(read('directors.segment.json'), 'f').segmentId!;
    const other = tempDir('pulled-');
    const r = await run(pull, [String(id), '--dir', other]);
    assert.equal(r.code, 0, r.err);
    const pulled = read('directors-in-ma.segment.json', other);
    assert.ok(pulled.endsWith('}\n') && pulled.includes('\n  "segment_criteria": {\n    "version": "1.0.0",'));
    assert.deepEqual(parseSegmentFile(pulled, 'p').criteria, parseSegmentFile(read('directors.segment.json'), 'f').criteria);
    assert.equal((await run(pull, [String(id), '--dir', other])).code, 0);
    assert.equal(read('directors-in-ma.segment.json', other), pulled, 'pulling again gives the same bytes');
    // The pulled file deploys as up to date.
    const d = await run(deploy, [other]);
    assert.match(d.out, /is up to date/);
    writeFileSync(join(other, 'directors-in-ma.segment.json'), pulled.replace('"VT"', '"ME"'));
    const refused = await run(pull, [String(id), '--dir', other]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /local edits that were never deployed/);
    assert.match(read('directors-in-ma.segment.json', other), /"ME"/);
    assert.equal((await run(pull, [String(id), '--dir', other, '--force'])).code, 0);
    assert.equal(read('directors-in-ma.segment.json', other), pulled);
    const all = await run(pull, ['--all', '--dir', tempDir('all-')]);
    assert.equal(all.code, 0, all.err);
    assert.equal(all.out.trim().split('\n').length, live().length);
  });

  it('renames remote and file, after which deploy is up to date', async () => {
    const r = await run(rename, ['directors.segment.json', 'Directors (renamed)']);
    assert.equal(r.code, 0, r.err);
    const f = parseSegmentFile(read('directors.segment.json'), 'f');
    assert.equal(f.name, 'Directors (renamed)');
    assert.equal(sb.state.segments.get(f.segmentId!)!.name, 'Directors (renamed)');
    assert.match(read('directors.segment.json'), /\/\/ case-insensitive/);
    assert.match((await run(deploy, ['directors.segment.json'])).out, /up to date/);
  });

  it('deletes only when confirmed, and unbinds the file', async () => {
    const id = parseSegmentFile(read('directors.segment.json'), 'f').segmentId!;
    const noTty = await run(deleteCommand, ['directors.segment.json']);
    assert.equal(noTty.code, 1);
    assert.match(noTty.err, /pass --yes/);
    const no = await run(deleteCommand, ['directors.segment.json'], { answers: ['n'] });
    assert.equal(no.code, 1);
    assert.ok(!sb.state.segments.get(id)!.deleted_at);
    const yes = await run(deleteCommand, ['directors.segment.json'], { answers: ['y'] });
    assert.equal(yes.code, 0, yes.err);
    assert.ok(sb.state.segments.get(id)!.deleted_at);
    const f = parseSegmentFile(read('directors.segment.json'), 'f');
    assert.equal(f.segmentId, undefined);
    assert.equal(f.sync, undefined);
  });

  it('refuses a file whose segment was deleted remotely', async () => {
    const d = tempDir('gone-');
    writeFileSync(join(d, 'g.segment.json'), commentedSegment('Gone soon'));
    assert.equal((await run(deploy, ['g.segment.json'], { cwd: d })).code, 0);
    const id = parseSegmentFile(read('g.segment.json', d), 'f').segmentId!;
    await fastClient(sb).deleteSegment(id);
    const r = await run(deploy, ['g.segment.json'], { cwd: d });
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`segment ${id} \\("Gone soon"\\) was deleted in the account`));
  });

  it('says how to sign in on 401, never showing the token', async () => {
    sb.setFaults({ unauthorized: {} });
    try {
      const r = await run(deploy, ['new.segment.json']);
      assert.equal(r.code, 1);
      assert.match(r.err, /401\).*segment-criteria login/);
      assert.ok(!r.err.includes(sb.token));
    } finally {
      sb.setFaults({});
    }
  });
});
