// Freezing a segment's audience into a list: each outcome and refusal of domain/src/freeze.ts against the sandbox.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CtctClient } from '../../api/src/client.js';
import { freeze, listTarget, resolveList } from '../../domain/src/freeze.js';
import { readContacts } from '../../domain/src/preview.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { criteria, fastClient, fastSandbox } from '../api/sandboxFixture.js';

const IN_RI = criteria([{ source: 'contact', field: 'state', op: 'eq', value: 'ri' }]);

describe('listTarget', () => {
  it('reads a UUID as a list id and anything else as an exact name', () => {
    assert.deepEqual(listTarget('8C7A3E4E-0000-4000-8000-000000000001'), { by: 'id', listId: '8c7a3e4e-0000-4000-8000-000000000001' });
    assert.deepEqual(listTarget(' VIP '), { by: 'name', name: ' VIP ' });
    assert.deepEqual(listTarget('8c7a3e4e'), { by: 'name', name: '8c7a3e4e' });
  });
});

describe('freeze against the sandbox', () => {
  let sb: Sandbox;
  let client: CtctClient;
  let segmentId: number;
  let riContacts: string[];
  before(async () => {
    sb = await fastSandbox();
    client = fastClient(sb);
    segmentId = (await client.createSegment({ name: 'RI', segment_criteria: IN_RI })).segment_id;
    riContacts = (await readContacts(client, segmentId, undefined)).contacts.map((c) => c.contact_id);
    assert.ok(riContacts.length > 0);
  });
  after(() => sb.close());

  it('creates the list by name, adds the contacts and reads the count', async () => {
    const started: unknown[] = [];
    const o = await freeze(client, segmentId, 'RI frozen', { onList: (i) => started.push(i), onStarted: (i) => started.push(i) });
    assert.equal(o.kind, 'frozen');
    if (o.kind !== 'frozen') return;
    assert.equal(o.created, true);
    assert.equal(o.list.name, 'RI frozen');
    assert.deepEqual(o.segment, { segmentId, name: 'RI' });
    assert.equal(o.membershipCount, riContacts.length);
    assert.deepEqual(o.contacts, { total: riContacts.length, added: riContacts.length, notAdded: 0 });
    assert.deepEqual(started, [{ list: o.list, created: true }, { list: o.list, created: true, activityId: o.activityId }]);
    // Again: the list exists now, and its count stays (each contact once).
    const again = await freeze(client, segmentId, 'RI frozen');
    assert.equal(again.kind === 'frozen' && !again.created && again.membershipCount, riContacts.length);
  });

  it('uses an existing list by exact name or id: the list then holds the union', async () => {
    const list = sb.state.data.lists[0]!;
    const members = new Set(sb.state.data.contacts.filter((c) => c.list_memberships?.includes(list.list_id)).map((c) => c.contact_id));
    const union = new Set([...members, ...riContacts]).size;
    const byName = await freeze(client, segmentId, list.name);
    assert.equal(byName.kind === 'frozen' && byName.created, false);
    assert.equal(byName.kind === 'frozen' && byName.membershipCount, union);
    const byId = await freeze(client, segmentId, list.list_id.toUpperCase());
    assert.equal(byId.kind === 'frozen' && byId.list.name, list.name);
    assert.equal(byId.kind === 'frozen' && byId.membershipCount, union);
  });

  it('refuses an unknown list id, an invalid name, and a missing name when asked not to create', async () => {
    assert.deepEqual(await freeze(client, segmentId, '8c7a3e4e-0000-4000-8000-000000000001'), { kind: 'refused', reason: 'list-not-found', listId: '8c7a3e4e-0000-4000-8000-000000000001' });
    assert.deepEqual(await freeze(client, segmentId, ' '), { kind: 'refused', reason: 'list-name-invalid', name: ' ', maxLength: 255 });
    assert.deepEqual(await freeze(client, segmentId, 'Nobody has this', { create: false }), { kind: 'refused', reason: 'list-missing', name: 'Nobody has this' });
    assert.equal(sb.state.data.lists.some((l) => l.name === 'Nobody has this'), false);
  });

  it('refuses a name the API says is taken (another list has it in other letter case), naming that list', async () => {
    const list = sb.state.data.lists[1]!;
    const o = await freeze(client, segmentId, list.name.toUpperCase());
    assert.deepEqual(o, { kind: 'refused', reason: 'list-name-taken', name: list.name.toUpperCase(), holder: { listId: list.list_id, name: list.name } });
  });

  it('uses a list created meanwhile under the same name after a 409', async () => {
    let raced = false;
    const racing = fastClient(sb, {
      fetch: async (input, init) => {
        // Another user creates the list between the read of the lists and the create.
        if (init?.method === 'POST' && String(input).endsWith('/contact_lists') && !raced) {
          raced = true;
          sb.state.data.lists.push({ list_id: '8c7a3e4e-0000-4000-8000-0000000000aa', name: 'Raced' });
        }
        return fetch(input, init);
      },
    });
    const o = await resolveList(racing, { by: 'name', name: 'Raced' }, true);
    assert.deepEqual(o, { list: { listId: '8c7a3e4e-0000-4000-8000-0000000000aa', name: 'Raced' }, created: false });
  });

  it('refuses a segment that does not exist or was deleted, before creating any list', async () => {
    const lists = sb.state.data.lists.length;
    assert.deepEqual(await freeze(client, 99999, 'Never made'), { kind: 'refused', reason: 'segment-not-found', segmentId: 99999 });
    const gone = await client.createSegment({ name: 'Gone', segment_criteria: IN_RI });
    await client.deleteSegment(gone.segment_id);
    assert.deepEqual(await freeze(client, gone.segment_id, 'Never made'), { kind: 'refused', reason: 'segment-deleted', segmentId: gone.segment_id, segmentName: 'Gone' });
    assert.equal(sb.state.data.lists.length, lists);
  });
});

describe('freeze when the activity does not complete', () => {
  it('reports a failed activity with the API\'s reason, and one still running when waiting stops', async () => {
    const sb = await fastSandbox({ exportMs: 1000 });
    try {
      const client = fastClient(sb);
      const seg = await client.createSegment({ name: 'Short-lived', segment_criteria: IN_RI });
      // The segment is deleted as soon as the activity has started.
      const o = await freeze(client, seg.segment_id, 'Failed freeze', { onStarted: () => void client.deleteSegment(seg.segment_id) });
      assert.equal(o.kind, 'refused');
      if (o.kind !== 'refused' || o.reason !== 'activity-failed') return assert.fail(JSON.stringify(o));
      assert.equal(o.state, 'failed');
      assert.deepEqual(o.errors, [`The segment ${seg.segment_id} was deleted before its contacts were added to the lists.`]);
      assert.equal(o.created, true);
      assert.equal(o.list.name, 'Failed freeze');

      const seg2 = await client.createSegment({ name: 'Slow', segment_criteria: IN_RI });
      const impatient = fastClient(sb, { processing: { initialMs: 10, maxMs: 20, maxWaitMs: 50 } });
      const u = await freeze(impatient, seg2.segment_id, 'Slow freeze');
      assert.equal(u.kind === 'refused' && u.reason, 'activity-unfinished');
    } finally {
      await sb.close();
    }
  });
});
