// Exact counts from the export activity's items_total_count, against paging to the end.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import { countDraft, countSegment, reportedCount } from '../../domain/src/count.js';
import { readContacts } from '../../domain/src/preview.js';
import { requestBody } from '../../domain/src/segmentFile.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { EXAMPLES, editedExample, example } from './exampleFiles.js';

const temporaries = (sb: Sandbox) => [...sb.state.segments.values()].filter((s) => s.name.startsWith('[segment-criteria temporary preview'));
const paged = async (client: CtctClient, id: number) => (await readContacts(client, id, undefined)).contacts.length;

describe('counting a segment', () => {
  let sb: Sandbox;
  let client: CtctClient;
  const ids = new Map<string, number>();
  before(async () => {
    sb = await fastSandbox();
    client = fastClient(sb);
    for (const name of EXAMPLES) ids.set(name, (await client.createSegment(requestBody(example(name)))).segment_id);
  });
  after(() => sb.close());

  it('equals paging to the end, for every example segment, in one POST and one poll', async () => {
    for (const [name, id] of ids) {
      const before = sb.requests;
      const r = await countSegment(client, id);
      assert.equal(sb.requests - before, 2, `${name}: one POST with fields ["email_address"], one poll that reports the count`);
      assert.equal(r.requests, 2);
      assert.equal(r.count, await paged(client, id), name);
      assert.ok(r.count > 0, name);
    }
  });

  it('counts an empty segment as 0, waiting for completion (a 0 while running may mean not counted yet)', async () => {
    const empty = await client.createSegment({ name: 'Nobody', segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'no such state' }] } }) });
    const r = await countSegment(client, empty.segment_id);
    assert.equal(r.count, 0);
    assert.equal(await paged(client, empty.segment_id), 0);
  });

  it('counts a draft through a temporary segment that is deleted, and equals paging the same criteria', async () => {
    const edited = editedExample(example('engaged-new-england'));
    const created: number[] = [];
    const r = await countDraft(client, edited, { onCreated: (s) => created.push(s.segment_id) });
    assert.deepEqual(created, [r.segmentId]);
    assert.equal(r.requests, 4, 'create, POST, poll, delete');
    assert.ok(sb.state.segments.get(r.segmentId)!.deleted_at, 'deleted afterwards');
    const check = await client.createSegment({ ...requestBody(edited), name: 'Edited, for paging' });
    assert.equal(r.count, await paged(client, check.segment_id));
    assert.notEqual(r.count, await paged(client, ids.get('engaged-new-england')!), 'the edit changes the count');
  });

  it('deletes the temporary segment when the count fails midway', async () => {
    sb.setFaults({ serverError: { match: 'GET /v3/activities/' } });
    try {
      await assert.rejects(countDraft(client, example('hot-leads-and-donors')), (e: unknown) => e instanceof ApiError && e.kind === 'server');
    } finally {
      sb.setFaults({});
    }
    assert.ok(temporaries(sb).length > 0);
    assert.ok(temporaries(sb).every((s) => s.deleted_at), 'every temporary segment was deleted');
  });

  it('deletes the temporary segment when the count is cancelled while polling', async () => {
    const slow = await fastSandbox({ exportMs: 60_000 });
    try {
      const c = fastClient(slow);
      const cancel = new AbortController();
      // An export that stays "initialized" keeps the count polling; cancel at the first poll.
      slow.setFaults({ slow: { match: 'GET /v3/activities/', ms: 50 } });
      const counting = countDraft(c, { ...example('hot-leads-and-donors'), criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'nowhere' }] } }, criteriaJson: undefined }, { signal: cancel.signal });
      while (![...slow.state.segments.values()].length || slow.requests < 3) await new Promise((r) => setTimeout(r, 5));
      cancel.abort();
      await assert.rejects(counting, (e: unknown) => e instanceof ApiError && e.kind === 'cancelled');
      assert.ok(temporaries(slow).length === 1 && temporaries(slow)[0]!.deleted_at);
    } finally {
      await slow.close();
    }
  });
});

describe('the count an activity reports', () => {
  const a = (state: string, n?: number) => ({ activity_id: 'x', state, ...(n === undefined ? {} : { status: { items_total_count: n } }) });
  it('is trusted once the export runs, or when it completed', () => {
    assert.equal(reportedCount(a('processing', 12)), 12);
    assert.equal(reportedCount(a('completed', 0)), 0);
    assert.equal(reportedCount(a('completed', 7)), 7);
  });
  it('is not trusted before the export runs, nor as a 0 while it runs', () => {
    assert.equal(reportedCount(a('initialized', 12)), undefined);
    assert.equal(reportedCount(a('processing', 0)), undefined);
    assert.equal(reportedCount(a('processing')), undefined);
    assert.equal(reportedCount(a('completed')), undefined);
  });

  it('falls back to the file\'s rows when an export completes without a count', async () => {
    const calls: string[] = [];
    const fake: typeof fetch = async (url, init) => {
      const u = new URL(String(url));
      calls.push(`${init?.method ?? 'GET'} ${u.pathname}`);
      if (u.pathname.endsWith('/activities/contact_exports')) return json({ activity_id: 'a1', state: 'completed', _links: { results: { href: '/v3/contact_exports/a1' } } });
      return new Response('Email address\r\n"a@example.com"\r\nb@example.com\r\n', { status: 200, headers: { 'content-type': 'text/csv' } });
    };
    const c = new CtctClient({ baseUrl: 'https://api.cc.email/v3', auth: { getToken: async () => 't' }, fetch: fake, limiter: false });
    const r = await countSegment(c, 5);
    assert.equal(r.count, 2);
    assert.deepEqual(calls, ['POST /v3/activities/contact_exports', 'GET /v3/contact_exports/a1']);
  });
});

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 201, headers: { 'content-type': 'application/json' } });
}
