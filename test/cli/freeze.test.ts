// `segment-criteria freeze FILE --list NAME|ID` against the sandbox: each outcome, each refusal and its exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deploy } from '../../cli/src/commands/deploy.js';
import { freeze } from '../../cli/src/commands/freeze.js';
import { UsageError } from '../../cli/src/usage.js';
import { readContacts } from '../../domain/src/preview.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import { sampleData } from '../../sandbox/src/sampleData.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

const file = (name: string, value = 'ct') =>
  JSON.stringify({ name, segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value }] } } }, null, 2) + '\n';

/** A sandbox with a deployed segment file in a fresh folder, and a way to run freeze there. */
async function setUp(opts: Parameters<typeof fastSandbox>[0] = {}) {
  const sb = await fastSandbox(opts);
  const env = sandboxEnv(sb);
  const dir = tempDir('freeze-');
  const run = async (args: string[], cmd = freeze, clientOptions = {}) => {
    const io = memoryIo({ env, cwd: dir });
    io.clientOptions = { ...io.clientOptions, ...clientOptions };
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  writeFileSync(join(dir, 'ct.segment.json'), file('Connecticut'));
  const deployed = await run(['ct.segment.json'], deploy);
  assert.equal(deployed.code, 0, deployed.err);
  const segmentId = parseSegmentFile(readFileSync(join(dir, 'ct.segment.json'), 'utf8'), 'ct').segmentId!;
  return { sb, env, dir, run, segmentId };
}

describe('freeze against the sandbox', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  let segmentContacts: string[];
  before(async () => {
    t = await setUp();
    // The segment's contacts by paging to the end, as preview --all reads them.
    segmentContacts = (await readContacts(fastClient(t.sb), t.segmentId, undefined)).contacts.map((c) => c.contact_id);
    assert.ok(segmentContacts.length > 0);
  });
  after(() => t.sb.close());
  const holding = (listId: string) => t.sb.state.data.contacts.filter((c) => c.list_memberships?.includes(listId)).map((c) => c.contact_id);

  it('creates a list by name, says so, and says how many contacts it holds: the segment\'s, as paging counts them', async () => {
    const r = await t.run(['ct.segment.json', '--list', 'Connecticut, frozen']);
    assert.equal(r.code, 0, r.err);
    const n = segmentContacts.length;
    assert.equal(r.out, `Created list "Connecticut, frozen".\nAdded the ${n} contacts of segment ${t.segmentId} "Connecticut" to list "Connecticut, frozen".\nList "Connecticut, frozen" now holds ${n} contacts.\n`);
    const list = t.sb.state.data.lists.find((l) => l.name === 'Connecticut, frozen')!;
    assert.deepEqual(holding(list.list_id).sort(), [...segmentContacts].sort());
  });

  it('adds to an existing list by exact name, without creating one: the list holds the union', async () => {
    const list = t.sb.state.data.lists[0]!;
    const union = new Set([...holding(list.list_id), ...segmentContacts]).size;
    assert.ok(union > segmentContacts.length);
    const lists = t.sb.state.data.lists.length;
    const r = await t.run(['ct.segment.json', '--list', list.name]);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /Created list/);
    assert.match(r.out, new RegExp(`List "${list.name}" now holds ${union} contacts\\.\\n$`));
    assert.equal(t.sb.state.data.lists.length, lists);
  });

  it('adds to an existing list by id', async () => {
    const list = t.sb.state.data.lists[2]!;
    const union = new Set([...holding(list.list_id), ...segmentContacts]).size;
    const r = await t.run(['ct.segment.json', '--list', list.list_id]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`List "${list.name}" now holds ${union} contacts\\.\\n$`));
  });

  it('says a list it created even when adding the contacts is then refused', async () => {
    t.sb.setFaults({ forbidden: { times: 1, match: 'POST /v3/activities/add_list_memberships' } });
    const r = await t.run(['ct.segment.json', '--list', 'Created, then refused']);
    assert.equal(r.code, 1);
    assert.equal(r.out, 'Created list "Created, then refused".\n');
    assert.match(r.err, /POST \/activities\/add_list_memberships: permission denied \(403\).*contacts:write privilege/);
  });

  it('warns when the file differs from the deployed segment: the deployed one\'s contacts are frozen', async () => {
    const path = join(t.dir, 'ct.segment.json');
    const deployed = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, deployed.replace('"ct"', '"ri"'));
      const r = await t.run(['ct.segment.json', '--list', t.sb.state.data.lists[3]!.name]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, new RegExp(`Warning: ct\\.segment\\.json differs from deployed segment ${t.segmentId}; freezing the deployed version's contacts`));
      assert.match(r.out, new RegExp(`Added the ${segmentContacts.length} contacts of segment`));
    } finally {
      writeFileSync(path, deployed);
    }
  });

  it('refuses an unknown list id with exit 1, creating nothing', async () => {
    const lists = t.sb.state.data.lists.length;
    const r = await t.run(['ct.segment.json', '--list', '8c7a3e4e-0000-4000-8000-000000000001']);
    assert.equal(r.code, 1);
    assert.match(r.err, /No contact list has the id 8c7a3e4e-0000-4000-8000-000000000001; nothing was added/);
    assert.equal(r.out, '');
    assert.equal(t.sb.state.data.lists.length, lists);
  });

  it('refuses a name the API says another list has, naming that list', async () => {
    const list = t.sb.state.data.lists[1]!;
    const r = await t.run(['ct.segment.json', '--list', list.name.toLowerCase()]);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`List "${list.name.toLowerCase()}" was not created: the API says the name is taken, by list "${list.name}" \\(${list.list_id}\\)`));
  });

  it('refuses a file that is not deployed, with exit 1 and what to do', async () => {
    writeFileSync(join(t.dir, 'new.segment.json'), file('Not yet'));
    const r = await t.run(['new.segment.json', '--list', 'Anything']);
    assert.equal(r.code, 1);
    assert.match(r.err, /new\.segment\.json is not deployed yet \(it has no segment_id\)\. Deploy it first: segment-criteria deploy new\.segment\.json/);
    assert.equal(t.sb.state.data.lists.some((l) => l.name === 'Anything'), false);
  });

  it('refuses a file whose segment was deleted', async () => {
    writeFileSync(join(t.dir, 'gone.segment.json'), file('Gone soon', 'ri'));
    assert.equal((await t.run(['gone.segment.json'], deploy)).code, 0);
    const id = parseSegmentFile(readFileSync(join(t.dir, 'gone.segment.json'), 'utf8'), 'gone').segmentId!;
    await fastClient(t.sb).deleteSegment(id);
    const r = await t.run(['gone.segment.json', '--list', 'Anything']);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`gone\\.segment\\.json: segment ${id} \\("Gone soon"\\) was deleted in the account`));
  });

  it('is called wrongly without --list, with an empty one, or without one file: a usage error (exit 2)', async () => {
    await assert.rejects(t.run(['ct.segment.json']), (e) => e instanceof UsageError && /freeze needs the list/.test(e.message));
    await assert.rejects(t.run(['ct.segment.json', '--list', ' ']), (e) => e instanceof UsageError && /--list is empty/.test(e.message));
    await assert.rejects(t.run(['--list', 'X']), UsageError);
    await assert.rejects(t.run(['a.segment.json', 'b.segment.json', '--list', 'X']), UsageError);
    const missing = await t.run(['missing.segment.json', '--list', 'X']);
    assert.equal(missing.code, 2);
  });

  it('exits 2 from the built CLI when called wrongly', () => {
    const r = spawnSync(process.execPath, [cli, 'freeze', 'ct.segment.json'], { cwd: t.dir, encoding: 'utf8', timeout: 10_000, env: { PATH: process.env.PATH, ...t.env } });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /freeze needs the list to add the contacts to/);
  });
});

describe('freeze when the activity fails', () => {
  it('says the API\'s reason, that the list it created is kept, and exits 1', async () => {
    const t = await setUp({ exportMs: 1000 });
    try {
      // The segment is deleted right after the activity starts, so that the activity fails.
      const deleting: typeof fetch = async (input, init) => {
        const r = await fetch(input, init);
        if (init?.method === 'POST' && String(input).endsWith('/activities/add_list_memberships')) await fastClient(t.sb).deleteSegment(t.segmentId);
        return r;
      };
      const r = await t.run(['ct.segment.json', '--list', 'Will fail'], freeze, { fetch: deleting });
      assert.equal(r.code, 1, r.out);
      assert.equal(r.out, 'Created list "Will fail".\n');
      assert.match(
        r.err,
        new RegExp(`Adding the contacts of segment ${t.segmentId} to list "Will fail" failed: activity [0-9a-f-]+ ended as "failed"\\. The API said: The segment ${t.segmentId} was deleted before its contacts were added to the lists\\. List "Will fail" was created and is kept\\.`),
      );
    } finally {
      await t.sb.close();
    }
  });
});

describe('freeze and the 50 lists a contact can be on', () => {
  it('adds the others, warns about the contacts it could not add, and exits 0', async () => {
    const data = sampleData({ contacts: 6 });
    for (const c of data.contacts) c.state = 'CT';
    while (data.lists.length < 50) data.lists.push({ list_id: `8c7a3e4e-0000-4000-8000-${String(data.lists.length).padStart(12, '0')}`, name: `List ${data.lists.length}` });
    data.contacts[0]!.list_memberships = data.lists.map((l) => l.list_id);
    const t = await setUp({ data });
    try {
      const r = await t.run(['ct.segment.json', '--list', 'Over the limit']);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `Created list "Over the limit".\nAdded 5 of the 6 contacts of segment ${t.segmentId} "Connecticut" to list "Over the limit".\nList "Over the limit" now holds 5 contacts.\n`);
      assert.match(r.err, /Warning: 1 contact could not be added to list "Over the limit": a contact can be on at most 50 lists\./);
    } finally {
      await t.sb.close();
    }
  });
});
