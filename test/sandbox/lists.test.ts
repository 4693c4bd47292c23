// Contact lists and the add-list-memberships activity in the sandbox, over HTTP, every answer held to the
// published contract (fastSandbox checks answers).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_LISTS_PER_CONTACT } from '../../sandbox/src/listRoutes.js';
import { sampleData } from '../../sandbox/src/sampleData.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { criteria, fastSandbox } from '../api/sandboxFixture.js';

type Json = Record<string, unknown>;
interface ActivityBody {
  activity_id: string;
  state: string;
  activity_errors?: string[];
  status: { items_total_count: number; items_completed_count: number; list_count: number; cannot_add_to_list_count?: number };
  _links: { self: { href: string } };
}

function caller(sb: Sandbox) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> => {
    const r = await fetch(sb.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${sb.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** Polls the activity until it is no longer initialized or processing. */
async function settled(call: ReturnType<typeof caller>, id: string): Promise<ActivityBody> {
  for (;;) {
    const r = await call('GET', `/activities/${id}`);
    assert.equal(r.status, 200);
    const a = r.body as ActivityBody;
    if (a.state !== 'processing' && a.state !== 'initialized') return a;
    await new Promise((res) => setTimeout(res, 10));
  }
}

const IN_MA = criteria([{ source: 'contact', field: 'state', op: 'eq', value: 'ma' }]);
const onList = (listId: string) => criteria([{ source: 'list_membership', field: 'list_id', op: 'eq', value: listId }]);

describe('sandbox contact lists', () => {
  let sb: Sandbox;
  let call: ReturnType<typeof caller>;
  before(async () => {
    sb = await fastSandbox();
    call = caller(sb);
  });
  after(() => sb.close());

  it('creates a list with 201, refuses a name another list has (without case) with 409 and a bad name with 400', async () => {
    const made = await call('POST', '/contact_lists', { name: 'Frozen spring audience' });
    assert.equal(made.status, 201);
    const l = made.body as Json;
    assert.equal(l.name, 'Frozen spring audience');
    assert.match(String(l.list_id), /^[0-9a-f-]{36}$/);
    assert.equal('membership_count' in l, false);
    const dup = await call('POST', '/contact_lists', { name: 'FROZEN spring audience' });
    assert.equal(dup.status, 409);
    assert.equal((dup.body as Json[])[0]!.error_key, 'conflict');
    assert.equal((await call('POST', '/contact_lists', { name: '  ' })).status, 400);
    assert.equal((await call('POST', '/contact_lists', {})).status, 400, 'name is required by the spec');
    assert.equal((await call('POST', '/contact_lists', { name: 'x'.repeat(256) })).status, 400);
    assert.equal((await call('POST', '/contact_lists', { name: 'With id', list_id: l.list_id })).status, 400, 'list_id is read-only');
  });

  it('gives membership counts only when asked, filters by exact name, and reads one list', async () => {
    const expected = sb.state.data.contacts.filter((c) => c.list_memberships?.includes(sb.state.data.lists[0]!.list_id)).length;
    assert.ok(expected > 0);
    const plain = (await call('GET', '/contact_lists')).body as { lists: Json[]; lists_count?: number };
    assert.ok(plain.lists.every((l) => !('membership_count' in l)));
    assert.equal(plain.lists_count, undefined);
    const counted = (await call('GET', '/contact_lists?include_membership_count=all&include_count=true&limit=1000')).body as { lists: Json[]; lists_count: number };
    assert.equal(counted.lists[0]!.membership_count, expected);
    assert.equal(counted.lists_count, sb.state.data.lists.length);
    const byName = (await call('GET', `/contact_lists?name=${encodeURIComponent(sb.state.data.lists[0]!.name)}`)).body as { lists: Json[] };
    assert.deepEqual(byName.lists.map((l) => l.list_id), [sb.state.data.lists[0]!.list_id]);
    assert.equal(((await call('GET', `/contact_lists?name=${encodeURIComponent(sb.state.data.lists[0]!.name.toUpperCase())}`)).body as { lists: Json[] }).lists.length, 0);
    const one = await call('GET', `/contact_lists/${sb.state.data.lists[0]!.list_id}?include_membership_count=all`);
    assert.equal(one.status, 200);
    assert.equal((one.body as Json).membership_count, expected);
    assert.equal((await call('GET', '/contact_lists/8c7a3e4e-0000-4000-8000-000000000000')).status, 404);
  });

  it('pages the lists with _links.next', async () => {
    const first = (await call('GET', '/contact_lists?limit=2&include_membership_count=all')).body as { lists: Json[]; _links: { next: { href: string } } };
    assert.equal(first.lists.length, 2);
    const href = first._links.next.href.replace(/^\/v3/, '');
    const second = (await call('GET', href)).body as { lists: Json[] };
    assert.equal(second.lists.length, 2);
    assert.notEqual(second.lists[0]!.list_id, first.lists[0]!.list_id);
    assert.ok('membership_count' in second.lists[0]!, 'the next page keeps the query');
  });
});

describe('sandbox add_list_memberships', () => {
  let sb: Sandbox;
  let call: ReturnType<typeof caller>;
  let segmentId: number;
  before(async () => {
    sb = await fastSandbox();
    call = caller(sb);
    segmentId = ((await call('POST', '/segments', { name: 'MA', segment_criteria: IN_MA })).body as { segment_id: number }).segment_id;
  });
  after(() => sb.close());
  const inMa = () => sb.state.data.contacts.filter((c) => c.state?.toLowerCase() === 'ma').map((c) => c.contact_id);

  it('adds the segment\'s contacts to a list through an activity: initialized, processing, completed with its counts', async () => {
    const listId = ((await call('POST', '/contact_lists', { name: 'MA frozen' })).body as Json).list_id as string;
    const started = await call('POST', '/activities/add_list_memberships', { source: { segment_id: segmentId }, list_ids: [listId] });
    assert.equal(started.status, 201);
    const a = started.body as ActivityBody;
    assert.equal(a.state, 'initialized');
    assert.equal(a.status.items_total_count, inMa().length);
    assert.equal(a._links.self.href, `/v3/activities/${a.activity_id}`);
    const done = await settled(call, a.activity_id);
    assert.equal(done.state, 'completed');
    assert.deepEqual(done.status, { items_total_count: inMa().length, items_completed_count: inMa().length, list_count: 1, cannot_add_to_list_count: 0 });
    const list = (await call('GET', `/contact_lists/${listId}?include_membership_count=all`)).body as Json;
    assert.equal(list.membership_count, inMa().length);
    // Segments on list membership see the new members.
    const onIt = (await call('POST', '/segments', { name: 'On MA frozen', segment_criteria: onList(listId) })).body as { segment_id: number };
    let contacts: { contact_id: string }[] | undefined;
    while (!contacts) {
      const r = await call('GET', `/contacts?segment_id=${onIt.segment_id}&limit=500`);
      if (r.status === 200) contacts = (r.body as { contacts: { contact_id: string }[] }).contacts;
    }
    assert.deepEqual(contacts.map((c) => c.contact_id).sort(), inMa().sort());
  });

  it('adds to a list that already has members: the union, each contact once', async () => {
    const list = sb.state.data.lists[1]!;
    const before = new Set(sb.state.data.contacts.filter((c) => c.list_memberships?.includes(list.list_id)).map((c) => c.contact_id));
    const union = new Set([...before, ...inMa()]);
    assert.ok(union.size > before.size && union.size < before.size + inMa().length, 'the sample overlaps');
    const a = (await call('POST', '/activities/add_list_memberships', { source: { segment_id: segmentId }, list_ids: [list.list_id] })).body as ActivityBody;
    assert.equal((await settled(call, a.activity_id)).state, 'completed');
    assert.equal(((await call('GET', `/contact_lists/${list.list_id}?include_membership_count=all`)).body as Json).membership_count, union.size);
  });

  it('refuses an unknown list, an unknown or deleted segment, over 50 lists and an unclear source with 400', async () => {
    const listId = sb.state.data.lists[2]!.list_id;
    const refused = async (body: unknown, message?: RegExp) => {
      const r = await call('POST', '/activities/add_list_memberships', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      if (message) assert.match((r.body as { error_message: string }[])[0]!.error_message, message);
    };
    await refused({ source: { segment_id: segmentId }, list_ids: ['8c7a3e4e-0000-4000-8000-000000000000'] }, /list 8c7a3e4e-0000-4000-8000-000000000000 was not found/);
    await refused({ source: { segment_id: 9999 }, list_ids: [listId] }, /segment 9999 was not found/);
    const gone = ((await call('POST', '/segments', { name: 'Gone', segment_criteria: IN_MA })).body as { segment_id: number }).segment_id;
    assert.equal((await call('DELETE', `/segments/${gone}`)).status, 204);
    await refused({ source: { segment_id: gone }, list_ids: [listId] }, /segment \d+ was not found/);
    const many = Array.from({ length: 51 }, (_, i) => `8c7a3e4e-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await refused({ source: { segment_id: segmentId }, list_ids: many });
    await refused({ source: { segment_id: segmentId }, list_ids: [] }, /at least one list/);
    await refused({ source: { segment_id: segmentId, all_active_contacts: true }, list_ids: [listId] }, /exactly one source/);
    await refused({ source: {}, list_ids: [listId] }, /exactly one source/);
    await refused({ source: { engagement_level: 'high' }, list_ids: [listId] }, /does not model the source "engagement_level"/);
    await refused({ source: { segment_id: segmentId } }, undefined);
  });

  it('takes the other sources the spec allows: list_ids, contact_ids, all_active_contacts, with exclude', async () => {
    const target = ((await call('POST', '/contact_lists', { name: 'Other sources' })).body as Json).list_id as string;
    const two = sb.state.data.contacts.slice(0, 2).map((c) => c.contact_id);
    const a = (await call('POST', '/activities/add_list_memberships', { source: { contact_ids: two }, exclude: { contact_ids: [two[1]] }, list_ids: [target] })).body as ActivityBody;
    assert.equal((await settled(call, a.activity_id)).status.items_completed_count, 1);
    assert.equal(((await call('GET', `/contact_lists/${target}?include_membership_count=all`)).body as Json).membership_count, 1);
    const source = sb.state.data.lists[3]!.list_id;
    const b = (await call('POST', '/activities/add_list_memberships', { source: { list_ids: [source] }, list_ids: [target] })).body as ActivityBody;
    assert.equal((await settled(call, b.activity_id)).state, 'completed');
    const c = (await call('POST', '/activities/add_list_memberships', { source: { all_active_contacts: true }, list_ids: [target] })).body as ActivityBody;
    assert.equal((await settled(call, c.activity_id)).state, 'completed');
    assert.equal(((await call('GET', `/contact_lists/${target}?include_membership_count=all`)).body as Json).membership_count, sb.state.data.contacts.length);
  });
});

describe('sandbox add_list_memberships limits and failures', () => {
  it('skips a contact already on 50 lists, counting it in cannot_add_to_list_count', async () => {
    const data = sampleData({ contacts: 6 });
    for (const c of data.contacts) c.state = 'MA';
    const full = data.contacts[0]!;
    while (data.lists.length < MAX_LISTS_PER_CONTACT) data.lists.push({ list_id: `8c7a3e4e-0000-4000-8000-${String(data.lists.length).padStart(12, '0')}`, name: `List ${data.lists.length}` });
    full.list_memberships = data.lists.map((l) => l.list_id);
    assert.equal(full.list_memberships.length, 50);
    const sb = await fastSandbox({ data });
    try {
      const call = caller(sb);
      const seg = ((await call('POST', '/segments', { name: 'All MA', segment_criteria: IN_MA })).body as { segment_id: number }).segment_id;
      const listId = ((await call('POST', '/contact_lists', { name: 'The 51st' })).body as Json).list_id as string;
      const a = (await call('POST', '/activities/add_list_memberships', { source: { segment_id: seg }, list_ids: [listId] })).body as ActivityBody;
      const done = await settled(call, a.activity_id);
      assert.equal(done.state, 'completed');
      assert.deepEqual(done.status, { items_total_count: 6, items_completed_count: 5, list_count: 1, cannot_add_to_list_count: 1 });
      assert.equal(full.list_memberships.length, 50);
      assert.equal(full.list_memberships.includes(listId), false);
      assert.equal(((await call('GET', `/contact_lists/${listId}?include_membership_count=all`)).body as Json).membership_count, 5);
    } finally {
      await sb.close();
    }
  });

  it('fails the activity, saying why, when the segment is deleted before it runs; shares the queue limit with exports', async () => {
    const sb = await fastSandbox({ exportMs: 1000, queuedActivities: 2 });
    try {
      const call = caller(sb);
      const seg = ((await call('POST', '/segments', { name: 'Soon gone', segment_criteria: IN_MA })).body as { segment_id: number }).segment_id;
      const listId = sb.state.data.lists[0]!.list_id;
      const before = sb.state.data.contacts.filter((c) => c.list_memberships?.includes(listId)).length;
      const a = (await call('POST', '/activities/add_list_memberships', { source: { segment_id: seg }, list_ids: [listId] })).body as ActivityBody;
      assert.equal((await call('POST', '/activities/contact_exports', { segment_id: seg })).status, 201);
      const queued = await call('POST', '/activities/add_list_memberships', { source: { segment_id: seg }, list_ids: [listId] });
      assert.equal(queued.status, 429);
      assert.equal((queued.body as { error_key: string }).error_key, 'too_many_activities');
      assert.equal((await call('DELETE', `/segments/${seg}`)).status, 204);
      const done = await settled(call, a.activity_id);
      assert.equal(done.state, 'failed');
      assert.deepEqual(done.activity_errors, [`The segment ${seg} was deleted before its contacts were added to the lists.`]);
      assert.equal(done.status.items_completed_count, 0);
      assert.equal(sb.state.data.contacts.filter((c) => c.list_memberships?.includes(listId)).length, before);
      assert.equal((await call('GET', '/activities/8c7a3e4e-0000-4000-8000-000000000000')).status, 404);
    } finally {
      await sb.close();
    }
  });
});
