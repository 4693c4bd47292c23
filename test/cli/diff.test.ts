import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deploy } from '../../cli/src/commands/deploy.js';
import { diff } from '../../cli/src/commands/diff.js';
import { apply } from '../../cli/src/commands/plan.js';
import { readContacts } from '../../domain/src/preview.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

const root = new URL('../..', import.meta.url).pathname;
const temporaries = (sb: Sandbox) => [...sb.state.segments.values()].filter((s) => s.name.startsWith('[segment-criteria temporary preview'));
const FILE = 'engaged-new-england.segment.json';
const maFile = (name: string, value = 'ma') => JSON.stringify({ name, segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value }] } } }, null, 2) + '\n';

describe('diff and deploy --max-change against the sandbox', () => {
  let sb: Sandbox;
  let dir: string;
  let original: string;
  const run = async (args: string[], cmd = diff) => {
    const io = memoryIo({ env: sandboxEnv(sb), cwd: dir });
    const before = sb.requests;
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr, requests: sb.requests - before };
  };
  const edit = () => writeFileSync(join(dir, FILE), original.replace('"value": "RI"', '"value": "CT"'));
  const emails = async (id: number) => new Set((await readContacts(fastClient(sb), id, undefined)).contacts.map((c) => c.email_address!.address));
  /** Who enters and leaves, from paging the deployed segment and the edit deployed as a segment of its own. */
  const expected = async () => {
    const client = fastClient(sb);
    const file = parseSegmentFile(readFileSync(join(dir, FILE), 'utf8'), FILE);
    const old = await emails(file.segmentId!);
    const made = await client.createSegment({ name: `Paging check ${Math.random()}`, segment_criteria: JSON.stringify(file.criteria) });
    const fresh = await emails(made.segment_id);
    await client.deleteSegment(made.segment_id);
    return { entering: [...fresh].filter((e) => !old.has(e)).sort(), leaving: [...old].filter((e) => !fresh.has(e)).sort(), deployed: old.size };
  };

  before(async () => {
    sb = await fastSandbox();
    dir = tempDir('diff-');
    copyFileSync(join(root, 'examples', FILE), join(dir, FILE));
    const r = await run([FILE], deploy);
    assert.equal(r.code, 0, r.err);
    original = readFileSync(join(dir, FILE), 'utf8');
  });
  after(() => sb.close());

  it('prints the two counts and the first N contacts of each side, as paging both segments shows', async () => {
    edit();
    const want = await expected();
    const r = await run([FILE, '--limit', '3']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines[0], `Entering: ${want.entering.length} contacts`);
    assert.deepEqual(lines.slice(1, 4).map((l) => l.trim().split(/\s+/)[0]), want.entering.slice(0, 3));
    assert.equal(lines[4], `  ... and ${want.entering.length - 3} more`);
    assert.equal(lines[5], `Leaving: ${want.leaving.length} contacts`);
    assert.deepEqual(lines.slice(6, 9).map((l) => l.trim().split(/\s+/)[0]), want.leaving.slice(0, 3));
    assert.match(r.err, /through temporary segment \d+ \(deleted afterwards\)/);
    assert.match(r.err, new RegExp(`Deployed segment \\d+ holds ${want.deployed} contacts`));
    assert.ok(temporaries(sb).every((s) => s.deleted_at));
    // The account, the deployed segment, an export for each side (POST, polls, download), the temporary segment's create and delete.
    const spent = Number(/ (\d+) requests \(estimated 15\)/.exec(r.err)![1]);
    assert.equal(r.requests, spent + 1, 'the diff\'s own requests plus reading the account');
    assert.ok(spent >= 9 && spent <= 15, `${spent} requests`);
  });

  it('--format json gives exactly {"entering": {"count", "contacts"}, "leaving": {"count", "contacts"}}', async () => {
    edit();
    const want = await expected();
    const r = await run([FILE, '--format', 'json', '--limit', '1000']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as Record<string, { count: number; contacts: { email_address: string }[] }>;
    assert.deepEqual(Object.keys(out), ['entering', 'leaving']);
    for (const side of ['entering', 'leaving'] as const) {
      assert.deepEqual(Object.keys(out[side]!), ['count', 'contacts']);
      assert.deepEqual(out[side]!.contacts.map((c) => c.email_address), want[side]);
      assert.equal(out[side]!.count, want[side].length);
    }
    const limited = JSON.parse((await run([FILE, '--format', 'json'])).out) as typeof out;
    assert.equal(limited.entering.contacts.length, Math.min(20, want.entering.length), 'default limit 20');
  });

  it('stops with exit 1 and its estimate when over --max-requests, sending nothing', async () => {
    edit();
    const r = await run([FILE, '--max-requests', '14']);
    assert.equal(r.code, 1);
    assert.match(r.err, /not compared: it would take about 15 requests \(1 read of the deployed segment, 2 exports .*\), more than --max-requests 14\. Nothing was sent/);
    assert.equal(r.out, '');
    assert.equal(r.requests, 0);
    assert.equal((await run([FILE, '--max-requests', '15'])).code, 0);
  });

  it('says a file not yet deployed has everyone entering and no one leaving', async () => {
    writeFileSync(join(dir, 'new.segment.json'), maFile('New MA'));
    const r = await run(['new.segment.json', '--format', 'json', '--limit', '0']);
    assert.equal(r.code, 0, r.err);
    const n = sb.state.data.contacts.filter((c) => c.state?.toLowerCase() === 'ma').length;
    assert.deepEqual(JSON.parse(r.out), { entering: { count: n, contacts: [] }, leaving: { count: 0, contacts: [] } });
    assert.match(r.err, new RegExp(`not deployed yet: all ${n} contacts of the draft would enter, and none leave`));
  });

  it('says nobody moves when the deployed segment has the file\'s criteria, in two requests', async () => {
    writeFileSync(join(dir, FILE), original);
    const r = await run([FILE]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'Entering: 0 contacts\nLeaving: 0 contacts\n');
    // The segment, and the list of live ones (GET answers for a deleted segment too).
    assert.match(r.err, /has the criteria of deployed segment \d+: nobody enters or leaves\. 2 requests/);
  });

  it('is called wrongly with a bad --limit, --max-requests or --format (exit 2 in the CLI)', async () => {
    await assert.rejects(run([FILE, '--limit=-1']), /--limit takes a whole number of contacts to show per side, 0 or more \(got "-1"\)/);
    await assert.rejects(run([FILE, '--limit', 'ten']), /--limit takes a whole number/);
    await assert.rejects(run([FILE, '--max-requests', '0']), /--max-requests takes a whole number of requests, 1 or more/);
    await assert.rejects(run([FILE, '--format', 'xml']), /--format takes text or json/);
    await assert.rejects(run([]), /diff takes one file/);
    assert.equal((await run(['missing.segment.json'])).code, 2);
  });

  describe('deploy --max-change', () => {
    it('refuses a file whose audience would change more than PCT, naming the numbers, and deploys the others', async () => {
      edit();
      const want = await expected();
      const pct = ((want.entering.length + want.leaving.length) / want.deployed) * 100;
      writeFileSync(join(dir, 'other.segment.json'), maFile('Other MA'));
      const before = readFileSync(join(dir, FILE), 'utf8');
      const remoteBefore = sb.state.segments.get(parseSegmentFile(before, FILE).segmentId!)!.segment_criteria;
      const r = await run([FILE, 'other.segment.json', '--max-change', String(Math.floor(pct) - 1)], deploy);
      assert.equal(r.code, 1);
      const numbers = `${want.entering.length} contacts entering, ${want.leaving.length} leaving, of ${want.deployed} in deployed segment`;
      assert.match(r.err, new RegExp(`${FILE}: not deployed: the audience would change by [0-9.]+% \\(${numbers} \\d+\\), above --max-change ${Math.floor(pct) - 1}%`));
      assert.equal(readFileSync(join(dir, FILE), 'utf8'), before, 'the refused file is not written');
      assert.equal(sb.state.segments.get(parseSegmentFile(before, FILE).segmentId!)!.segment_criteria, remoteBefore, 'nor its segment');
      assert.match(r.out, /other\.segment\.json: created segment/);
    });

    it('apply --max-change refuses such a file the same way, changing neither the file nor its segment', async () => {
      edit();
      const want = await expected();
      const pct = ((want.entering.length + want.leaving.length) / want.deployed) * 100;
      const before = readFileSync(join(dir, FILE), 'utf8');
      const remoteBefore = sb.state.segments.get(parseSegmentFile(before, FILE).segmentId!)!.segment_criteria;
      const r = await run([FILE, '--max-change', String(Math.floor(pct) - 1)], apply);
      assert.equal(r.code, 1);
      assert.match(r.err, new RegExp(`${FILE}: not deployed: the audience would change by [0-9.]+% .*above --max-change ${Math.floor(pct) - 1}%`));
      assert.equal(readFileSync(join(dir, FILE), 'utf8'), before);
      assert.equal(sb.state.segments.get(parseSegmentFile(before, FILE).segmentId!)!.segment_criteria, remoteBefore);
    });

    it('deploys when the change is within PCT, saying how much it is', async () => {
      edit();
      const want = await expected();
      const pct = ((want.entering.length + want.leaving.length) / want.deployed) * 100;
      const r = await run([FILE, '--max-change', `${Math.ceil(pct)}%`], deploy);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, new RegExp(`audience change [0-9.]+% .*within --max-change ${Math.ceil(pct)}%`));
      assert.match(r.out, /updated segment/);
    });

    it('lets a new segment and an unchanged one through at 0%', async () => {
      writeFileSync(join(dir, 'brand-new.segment.json'), maFile('Brand new'));
      const r = await run(['brand-new.segment.json', FILE, '--max-change', '0'], deploy);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /brand-new\.segment\.json: created segment/);
      assert.match(r.out, new RegExp(`${FILE}: segment \\d+ is up to date`));
    });

    it('is called wrongly with a bad PCT', async () => {
      for (const bad of ['-5', 'ten', '5%%', '']) await assert.rejects(run([FILE, `--max-change=${bad}`], deploy), /--max-change takes a percentage, 0 or more/);
    });
  });
});
