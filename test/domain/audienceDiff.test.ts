// Who enters and who leaves a segment if its file were deployed now, checked against the sandbox's evaluator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CtctClient } from '../../api/src/client.js';
import {
  audienceChange,
  audienceDiff,
  changePercent,
  contactsOf,
  estimateDiffRequests,
  exceedsMaxChange,
  type AudienceDiff,
} from '../../domain/src/audienceDiff.js';
import { readContacts } from '../../domain/src/preview.js';
import { requestBody, type SegmentFile } from '../../domain/src/segmentFile.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { editedExample as edited, example } from './exampleFiles.js';

const temporaries = (sb: Sandbox) => [...sb.state.segments.values()].filter((s) => s.name.startsWith('[segment-criteria temporary preview'));
const emails = async (client: CtctClient, id: number) => new Set((await readContacts(client, id, undefined)).contacts.map((c) => c.email_address!.address.toLowerCase()));
const diffOf = (d: Awaited<ReturnType<typeof audienceDiff>>): AudienceDiff => {
  assert.equal(d.kind, 'diff', JSON.stringify(d));
  return d as AudienceDiff;
};

describe('audience diff against the sandbox', () => {
  let sb: Sandbox;
  let client: CtctClient;
  let deployed: SegmentFile;
  before(async () => {
    sb = await fastSandbox();
    client = fastClient(sb);
    const file = example('engaged-new-england');
    deployed = { ...file, segmentId: (await client.createSegment(requestBody(file))).segment_id };
  });
  after(() => sb.close());

  it('lists who enters and who leaves after an edit, as paging both segments shows', async () => {
    const draft = edited(deployed);
    const before = sb.requests;
    const d = diffOf(await audienceDiff(client, draft, { limit: 1000 }));
    const spent = sb.requests - before;
    // What paging both segments to the end gives: the deployed one, and the edit deployed as another segment.
    const old = await emails(client, deployed.segmentId!);
    const fresh = await emails(client, (await client.createSegment({ ...requestBody(draft), name: 'Edit, for paging' })).segment_id);
    const entering = [...fresh].filter((e) => !old.has(e)).sort();
    const leaving = [...old].filter((e) => !fresh.has(e)).sort();
    assert.ok(entering.length > 0 && leaving.length > 0, 'the edit moves contacts both ways');
    assert.equal(d.basis, 'compared');
    assert.deepEqual(d.entering.contacts.map((c) => c.email_address.toLowerCase()), entering);
    assert.deepEqual(d.leaving.contacts.map((c) => c.email_address.toLowerCase()), leaving);
    assert.equal(d.entering.count, entering.length);
    assert.equal(d.leaving.count, leaving.length);
    assert.equal(d.deployedCount, old.size);
    assert.equal(d.draftCount, fresh.size);
    assert.ok(d.entering.contacts.some((c) => c.first_name && c.last_name), 'names come with the addresses');
    assert.equal(d.requests, spent, 'every request is counted');
    assert.ok(spent <= d.estimate.requests, `${spent} requests, estimated ${d.estimate.requests}`);
    assert.ok(temporaries(sb).every((s) => s.deleted_at), 'the temporary segment was deleted');
  });

  it('gives the first N contacts of each side, by email address', async () => {
    const d = diffOf(await audienceDiff(client, edited(deployed), { limit: 3 }));
    assert.equal(d.entering.contacts.length, 3);
    assert.ok(d.entering.count > 3);
    const shown = d.entering.contacts.map((c) => c.email_address);
    assert.deepEqual(shown, [...shown].sort());
    const none = diffOf(await audienceDiff(client, edited(deployed), { limit: 0 }));
    assert.deepEqual([none.entering.contacts, none.leaving.contacts], [[], []]);
    assert.equal(none.entering.count, d.entering.count);
  });

  it('counts every contact of a file not yet deployed as entering, none as leaving', async () => {
    const fresh: SegmentFile = { ...edited(deployed), segmentId: undefined };
    const d = diffOf(await audienceDiff(client, fresh, { limit: 5 }));
    assert.equal(d.basis, 'not-deployed');
    assert.equal(d.entering.count, d.draftCount);
    assert.equal(d.leaving.count, 0);
    assert.ok(d.requests <= estimateDiffRequests(fresh).requests);
  });

  it('reads only the deployed segment and the list of live ones when it has the file\'s criteria already (a new name selects nobody)', async () => {
    const before = sb.requests;
    const d = diffOf(await audienceDiff(client, { ...deployed, name: 'Renamed only' }));
    assert.equal(d.basis, 'same-criteria');
    assert.equal(d.entering.count + d.leaving.count, 0);
    assert.equal(sb.requests - before, 2);
    assert.equal(d.requests, 2);
  });

  it('refuses a segment deleted since, also when the file has the criteria it had (GET still answers for it)', async () => {
    const gone = await client.createSegment({ ...requestBody(deployed), name: 'Deleted, same criteria' });
    await client.deleteSegment(gone.segment_id);
    const file = { ...deployed, name: 'Deleted, same criteria', segmentId: gone.segment_id };
    assert.deepEqual(await audienceDiff(client, file), { kind: 'refused', reason: 'not-found', segmentId: gone.segment_id, requests: 2 });
    const change = await audienceChange(client, file);
    assert.equal(change.kind === 'refused' && change.reason, 'not-found');
  });

  it('refuses before any request when the estimate is above maxRequests, saying what it estimated', async () => {
    const before = sb.requests;
    const d = await audienceDiff(client, edited(deployed), { maxRequests: 10 });
    assert.deepEqual(d, {
      kind: 'refused',
      reason: 'over-max-requests',
      maxRequests: 10,
      requests: 0,
      estimate: { requests: 15, readsDeployed: true, exports: 2, pollsPerExport: 4, temporarySegment: true },
    });
    assert.equal(sb.requests, before, 'nothing sent');
  });

  it('stops before going over maxRequests when the exports take longer, and still deletes the temporary segment', async () => {
    const slow = await fastSandbox({ exportMs: 60_000 });
    try {
      const c = fastClient(slow);
      const file = example('engaged-new-england');
      const bound = { ...edited(file), segmentId: (await c.createSegment(requestBody(file))).segment_id };
      const before = slow.requests;
      const d = await audienceDiff(c, bound, { maxRequests: 20 });
      assert.equal(d.kind, 'refused');
      assert.equal(d.kind === 'refused' && d.reason, 'out-of-requests');
      assert.equal(d.requests, slow.requests - before);
      assert.ok(d.requests <= 20, `${d.requests} requests`);
      assert.ok(temporaries(slow).every((s) => s.deleted_at));
    } finally {
      await slow.close();
    }
  });

  it('deletes the temporary segment when the draft\'s export fails', async () => {
    sb.setFaults({ serverError: { match: 'POST /v3/activities/contact_exports' } });
    try {
      await assert.rejects(audienceDiff(client, { ...edited(deployed), segmentId: undefined }), /server error|500/i);
    } finally {
      sb.setFaults({});
    }
    assert.ok(temporaries(sb).length > 0 && temporaries(sb).every((s) => s.deleted_at));
  });

  it('refuses a file bound to another account, and a segment no longer there', async () => {
    const other = await audienceDiff(client, { ...deployed, sync: { account: 'someone-else', api: 'api.cc.email', hash: 'x' } }, { signedIn: { account: sb.accountId, api: new URL(sb.baseUrl).host } });
    assert.equal(other.kind === 'refused' && other.reason, 'other-account');
    const gone = await client.createSegment({ ...requestBody(deployed), name: 'Soon gone' });
    await client.deleteSegment(gone.segment_id);
    const d = await audienceDiff(client, { ...edited(deployed), segmentId: gone.segment_id });
    assert.equal(d.kind === 'refused' && d.reason, 'not-found');
  });

  it('measures the audience change a deploy would make', async () => {
    const change = await audienceChange(client, edited(deployed));
    assert.equal(change.kind, 'changed');
    if (change.kind !== 'changed') return;
    assert.equal(change.percent, ((change.entering + change.leaving) / change.deployedCount) * 100);
    assert.ok(exceedsMaxChange(change, change.percent - 0.1));
    assert.ok(!exceedsMaxChange(change, change.percent));
    const fresh = await audienceChange(client, { ...edited(deployed), segmentId: undefined });
    assert.deepEqual(fresh, { kind: 'new-segment', requests: 0 });
    assert.ok(!exceedsMaxChange(fresh, 0), 'a new segment has no change');
    const same = await audienceChange(client, deployed);
    assert.equal(same.kind, 'same-criteria');
    assert.ok(!exceedsMaxChange(same, 0));
  });
});

describe('audience diff parts', () => {
  it('reads the export CSV: quoted cells, any header spelling, addresses without case', () => {
    const m = contactsOf('"Email address","First name","Last name"\r\nA@Example.com,"Smith, Jr.","O""Brien"\r\nb@example.com,,\r\n');
    assert.deepEqual([...m.keys()], ['a@example.com', 'b@example.com']);
    assert.deepEqual(m.get('a@example.com'), { email_address: 'A@Example.com', first_name: 'Smith, Jr.', last_name: 'O"Brien' });
    assert.deepEqual(m.get('b@example.com'), { email_address: 'b@example.com' });
    assert.throws(() => contactsOf('Name\r\nx\r\n'), /no email address column/);
  });

  it('estimates from what the file needs', () => {
    assert.equal(estimateDiffRequests({ segmentId: 3 }).requests, 1 + 2 + 2 * (2 + 4));
    assert.equal(estimateDiffRequests({}).requests, 2 + (2 + 4));
  });

  it('computes the change in percent of the deployed count', () => {
    assert.equal(changePercent(3, 1, 40), 10);
    assert.equal(changePercent(0, 0, 0), 0);
    assert.equal(changePercent(2, 0, 0), Infinity);
  });
});
