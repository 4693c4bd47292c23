// The sandbox's contact export activity: its states and counts as the spec describes them, and `fields`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../sandbox/src/server.js';
import { criteria, fastSandbox } from '../api/sandboxFixture.js';

interface ActivityBody {
  activity_id: string;
  state: string;
  status?: { items_total_count?: number; items_completed_count?: number };
  _links: { self: { href: string }; results?: { href: string } };
}

describe('sandbox export activities', () => {
  let sb: Sandbox;
  let segmentId: number;
  let expected: number;
  before(async () => {
    // Slow enough to see the activity running, and every answer held to the contract.
    sb = await fastSandbox({ exportMs: 400 });
    const s = await call('POST', '/segments', { name: 'MA', segment_criteria: criteria([{ source: 'contact', field: 'state', op: 'eq', value: 'ma' }]) });
    segmentId = ((await s.json()) as { segment_id: number }).segment_id;
    expected = sb.state.data.contacts.filter((c) => c.state?.toLowerCase() === 'ma').length;
  });
  after(() => sb.close());
  const call = (method: string, path: string, body?: unknown) =>
    fetch(sb.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${sb.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const poll = async (a: ActivityBody) => (await (await call('GET', `/activities/${a.activity_id}`)).json()) as ActivityBody;

  it('is initialized when created, then reports items_total_count while processing, then completes with the file', async () => {
    const created = await call('POST', '/activities/contact_exports', { segment_id: segmentId, fields: ['email_address'] });
    assert.equal(created.status, 201);
    const a = (await created.json()) as ActivityBody;
    assert.equal(a.state, 'initialized');
    assert.equal(a.status, undefined, 'no count before the export runs');
    const running = await poll(a);
    assert.equal(running.state, 'processing');
    assert.equal(running.status?.items_total_count, expected);
    assert.ok(running.status!.items_completed_count! <= expected);
    assert.equal(running._links.results, undefined);
    let done = running;
    while (done.state !== 'completed') {
      await new Promise((r) => setTimeout(r, 50));
      done = await poll(a);
    }
    assert.deepEqual(done.status, { items_total_count: expected, items_completed_count: expected });
    const csv = await (await call('GET', done._links.results!.href.replace('/v3', ''))).text();
    const rows = csv.trim().split('\r\n');
    assert.equal(rows[0], 'Email address', 'only the fields asked for');
    assert.equal(rows.length - 1, expected);
  });

  it('writes the fields in the order asked for, and every usual column without fields', async () => {
    const csvOf = async (body: unknown) => {
      const a = (await (await call('POST', '/activities/contact_exports', body)).json()) as ActivityBody;
      let done = a;
      while (done.state !== 'completed') {
        await new Promise((r) => setTimeout(r, 50));
        done = await poll(a);
      }
      return (await (await call('GET', done._links.results!.href.replace('/v3', ''))).text()).split('\r\n')[0];
    };
    assert.equal(await csvOf({ segment_id: segmentId, fields: ['last_name', 'email_address', 'first_name'] }), 'Last name,Email address,First name');
    assert.equal(await csvOf({ segment_id: segmentId }), 'Email address,First name,Last name,Job title,Company,City,State,Country,Date added');
  });

  it('refuses a field the guide does not list, and an empty list', async () => {
    const r = await call('POST', '/activities/contact_exports', { segment_id: segmentId, fields: ['email_address', 'favourite_colour'] });
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(await r.json()), /favourite_colour/);
    assert.equal((await call('POST', '/activities/contact_exports', { segment_id: segmentId, fields: [] })).status, 400);
  });
});
