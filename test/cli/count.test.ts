import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { count } from '../../cli/src/commands/count.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { readContacts } from '../../domain/src/preview.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { EXAMPLES } from '../domain/exampleFiles.js';
import { memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

const root = new URL('../..', import.meta.url).pathname;
const temporaries = (sb: Sandbox) => [...sb.state.segments.values()].filter((s) => s.name.startsWith('[segment-criteria temporary preview'));

describe('count against the sandbox', () => {
  let sb: Sandbox;
  let dir: string;
  const run = async (args: string[], cmd = count) => {
    const io = memoryIo({ env: sandboxEnv(sb), cwd: dir });
    const before = sb.requests;
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr, requests: sb.requests - before };
  };
  const idOf = (name: string) => parseSegmentFile(readFileSync(join(dir, `${name}.segment.json`), 'utf8'), name).segmentId!;
  const paged = async (id: number) => (await readContacts(fastClient(sb), id, undefined)).contacts.length;

  before(async () => {
    sb = await fastSandbox();
    dir = tempDir('count-');
    for (const name of EXAMPLES) copyFileSync(join(root, 'examples', `${name}.segment.json`), join(dir, `${name}.segment.json`));
    const r = await run([...EXAMPLES.map((n) => `${n}.segment.json`)], deploy);
    assert.equal(r.code, 0, r.err);
  });
  after(() => sb.close());

  it('prints "N contacts" for each example file, equal to paging to the end, in 5 requests', async () => {
    for (const name of EXAMPLES) {
      const r = await run([`${name}.segment.json`]);
      assert.equal(r.code, 0, r.err);
      const n = await paged(idOf(name));
      assert.equal(r.out, `${n} contact${n === 1 ? '' : 's'}\n`, name);
      // The account (whose file it is), the live segments (is it still there: GET answers for deleted ones
      // too), the segment (is the file what is deployed), the export's POST and one poll.
      assert.equal(r.requests, 5, `${name}: ${r.err}`);
      assert.doesNotMatch(r.err, /differs/);
    }
  });

  it('counts a segment by id in 3 requests', async () => {
    const id = idOf('hot-leads-and-donors');
    const r = await run([String(id)]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${await paged(id)} contacts\n`);
    // The live segments, the export's POST and one poll.
    assert.equal(r.requests, 3);
  });

  it('--draft counts the file as it is, through a temporary segment it deletes; without it, warns the file differs', async () => {
    const path = join(dir, 'engaged-new-england.segment.json');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('"value": "RI"', '"value": "CT"'));
    try {
      const deployed = await run(['engaged-new-england.segment.json']);
      assert.equal(deployed.out, `${await paged(idOf('engaged-new-england'))} contacts\n`);
      assert.match(deployed.err, /differs from deployed segment \d+.*--draft/);
      const r = await run(['engaged-new-england.segment.json', '--draft']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /through temporary segment (\d+) \(deleted afterwards\)/);
      assert.equal(r.requests, 4, 'create, POST, poll, delete');
      const temp = temporaries(sb).at(-1)!;
      assert.ok(temp.deleted_at);
      const client = fastClient(sb);
      const check = await client.createSegment({ name: 'Draft, for paging', segment_criteria: temp.segment_criteria });
      assert.equal(r.out, `${await paged(check.segment_id)} contacts\n`);
      assert.notEqual(r.out, deployed.out);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('deletes the temporary segment when the count fails midway', async () => {
    sb.setFaults({ serverError: { match: 'GET /v3/activities/' } });
    try {
      const r = await run(['gold-customers-recently-added.segment.json', '--draft']);
      assert.equal(r.code, 1);
      assert.match(r.err, /server error/i);
    } finally {
      sb.setFaults({});
    }
    assert.ok(temporaries(sb).every((s) => s.deleted_at));
  });

  it('says to deploy first (or use --draft) for an undeployed file, and exits 2 for a missing one', async () => {
    writeFileSync(join(dir, 'new.segment.json'), JSON.stringify({ name: 'New', segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'ma' }] } } }));
    const r = await run(['new.segment.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, /not deployed yet.*count it with --draft/);
    const draft = await run(['new.segment.json', '--draft']);
    assert.equal(draft.code, 0, draft.err);
    assert.equal((await run(['missing.segment.json'])).code, 2);
  });

  it('refuses to send a draft with errors', async () => {
    copyFileSync(join(root, 'examples', 'try-the-quick-fix.segment.json'), join(dir, 'broken.segment.json'));
    const before = temporaries(sb).length;
    const r = await run(['broken.segment.json', '--draft']);
    assert.equal(r.code, 1);
    assert.match(r.err, /not counted: fix the errors above/);
    assert.equal(temporaries(sb).length, before);
  });

  it('is called wrongly without one target, or with --draft and an id', async () => {
    await assert.rejects(run([]), /count takes one file or segment id/);
    await assert.rejects(run(['12', '--draft']), /--draft counts a file as it is/);
  });
});
