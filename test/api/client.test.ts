import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CtctClient } from '../../api/src/client.js';
import { ApiError, parseErrorBody, redact } from '../../api/src/errors.js';
import { RateLimiter } from '../../api/src/rateLimiter.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { OPENED_LAST_5, criteria, fastClient, fastSandbox } from './sandboxFixture.js';

async function rejects(p: Promise<unknown>, kind: ApiError['kind']): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${e}`);
    assert.equal(e.kind, kind, e.message);
    return e;
  }
  assert.fail(`expected ${kind}`);
}

describe('error bodies', () => {
  it('reads the array and the single-object shapes', () => {
    assert.deepEqual(parseErrorBody('[{"error_key":"a","error_message":"A"},{"error_key":"b","error_message":"B"}]'), [
      { error_key: 'a', error_message: 'A' },
      { error_key: 'b', error_message: 'B' },
    ]);
    assert.deepEqual(parseErrorBody('{"error_key":"unauthorized","error_message":"Unauthorized"}'), [{ error_key: 'unauthorized', error_message: 'Unauthorized' }]);
    assert.deepEqual(parseErrorBody('<html>oops</html>'), []);
  });
  it('redacts secrets and bearer tokens', () => {
    assert.equal(redact('token abc123xyz in Bearer qwe.rty', ['abc123xyz']), 'token [redacted] in Bearer [redacted]');
  });
});

describe('client against the sandbox', () => {
  let sb: Sandbox;
  let client: CtctClient;
  before(async () => {
    sb = await fastSandbox();
    client = fastClient(sb);
  });
  after(() => sb.close());

  it('creates, reads, updates, renames and deletes a segment', async () => {
    const created = await client.createSegment({ name: 'Openers', segment_criteria: OPENED_LAST_5 });
    assert.equal(typeof created.segment_id, 'number');
    assert.equal(created.created_at, created.edited_at);
    const got = await client.getSegment(created.segment_id);
    assert.equal(got.segment_criteria, OPENED_LAST_5);
    const updated = await client.updateSegment(created.segment_id, { name: 'Openers 2', segment_criteria: OPENED_LAST_5 });
    assert.equal(updated.name, 'Openers 2');
    const renamed = await client.renameSegment(created.segment_id, 'Openers 3');
    assert.equal(renamed.name, 'Openers 3');
    await client.deleteSegment(created.segment_id);
    // Deleted segments stay readable by id but leave the list; changing them is a 404.
    assert.equal((await client.getSegment(created.segment_id)).name, 'Openers 3');
    assert.ok(!(await client.listSegments()).some((s) => s.segment_id === created.segment_id));
    await rejects(client.updateSegment(created.segment_id, { name: 'x', segment_criteria: OPENED_LAST_5 }), 'not-found');
  });

  it('pages segments by _links.next.href', async () => {
    for (let i = 0; i < 5; i++) await client.createSegment({ name: `Paged ${i}`, segment_criteria: OPENED_LAST_5 });
    const seen: string[] = [];
    const c = fastClient(sb, { onRequest: (r) => seen.push(r.call) });
    const all = await c.listSegments({ pageSize: 2, sortBy: 'name' });
    assert.ok(all.filter((s) => s.name.startsWith('Paged')).length === 5);
    assert.ok(seen.length >= 3, `expected several pages, saw ${seen.join(', ')}`);
    assert.ok(seen.slice(1).every((s) => s.includes('cursor=')));
  });

  it('waits out 202 processing and pages contacts', async () => {
    const s = await client.createSegment({ name: 'Everyone on a list', segment_criteria: criteria([{ source: 'contact', field: 'email_address', op: 'contains-string', value: '@' }]) });
    const statuses: (number | string)[] = [];
    const c = fastClient(sb, { onRequest: (r) => statuses.push(r.status) });
    let total = 0;
    let pages = 0;
    for await (const page of c.segmentContactPages(s.segment_id, { limit: 100 })) {
      total += page.contacts.length;
      pages++;
    }
    assert.equal(total, sb.state.data.contacts.length);
    assert.ok(pages >= 4);
    assert.equal(statuses[0], 202, 'the first evaluation answers 202');
  });

  it('gives up on processing after maxWaitMs with a clear message', async () => {
    const slow = await fastSandbox({ processingMs: 60_000 });
    try {
      const c = fastClient(slow, { processing: { initialMs: 5, maxMs: 10, maxWaitMs: 60 } });
      const s = await c.createSegment({ name: 'Slow', segment_criteria: OPENED_LAST_5 });
      const e = await rejects(c.segmentContactPages(s.segment_id).next(), 'processing-timeout');
      assert.match(e.message, /still evaluating/);
    } finally {
      await slow.close();
    }
  });

  it('explains 404, 409 and 400', async () => {
    await rejects(client.getSegment(99999), 'not-found');
    await client.createSegment({ name: 'Taken', segment_criteria: OPENED_LAST_5 });
    const conflict = await rejects(client.createSegment({ name: 'Taken', segment_criteria: OPENED_LAST_5 }), 'conflict');
    assert.match(conflict.message, /409/);
    const bad = await rejects(client.createSegment({ name: 'Bad', segment_criteria: '{"version":"1.0.0","criteria":{"type":"or","group":[]}}' }), 'bad-request');
    assert.match(bad.message, /segment-criteria check/);
  });

  it('refreshes once on 401 and retries', async () => {
    sb.setFaults({ unauthorized: { times: 1 } });
    let refreshed = 0;
    const c = fastClient(sb, { auth: { getToken: async () => sb.token, refresh: async () => (refreshed++, sb.token) } });
    assert.ok(Array.isArray(await c.contactLists()));
    assert.equal(refreshed, 1);
  });

  it('says how to sign in when 401 persists, without the token', async () => {
    sb.setFaults({ unauthorized: {} });
    try {
      const c = fastClient(sb, { hints: { signIn: 'Run `segment-criteria login`.' }, auth: { getToken: async () => sb.token, refresh: async () => sb.token } });
      const e = await rejects(c.listSegments(), 'unauthorized');
      assert.match(e.message, /segment-criteria login/);
      assert.ok(!e.message.includes(sb.token));
    } finally {
      sb.setFaults({});
    }
  });

  it('names the role on 403', async () => {
    sb.setFaults({ forbidden: { times: 1 } });
    const e = await rejects(client.listSegments(), 'forbidden');
    assert.match(e.message, /Account Owner or Account Manager/);
  });

  it('retries an idempotent call after 5xx and cut connections', async () => {
    sb.setFaults({ serverError: { times: 2, status: 503 } });
    assert.ok((await client.listSegments()).length > 0);
    sb.setFaults({ cut: { times: 2 } });
    assert.ok((await client.listSegments()).length > 0);
  });

  it('gives up after bounded retries', async () => {
    sb.setFaults({ serverError: {} });
    try {
      const before = sb.requests;
      const e = await rejects(client.listSegments(), 'server');
      assert.equal(sb.requests - before, 4, 'one try and three retries');
      assert.match(e.message, /server error \(500\)/);
    } finally {
      sb.setFaults({});
    }
  });

  it('never repeats a POST after a 5xx or a cut connection', async () => {
    sb.setFaults({ serverError: { times: 1, match: 'POST' } });
    let before = sb.requests;
    await rejects(client.createSegment({ name: 'Once', segment_criteria: OPENED_LAST_5 }), 'server');
    assert.equal(sb.requests - before, 1);
    sb.setFaults({ cut: { times: 1, match: 'POST' } });
    before = sb.requests;
    const e = await rejects(client.createSegment({ name: 'Once', segment_criteria: OPENED_LAST_5 }), 'network');
    assert.equal(sb.requests - before, 1);
    assert.match(e.message, /may or may not have been applied/);
  });

  it('times out a slow answer and can be cancelled', async () => {
    sb.setFaults({ slow: { ms: 400 } });
    try {
      const c = fastClient(sb, { timeoutMs: 50, retries: 0 });
      await rejects(c.listSegments(), 'timeout');
      const ac = new AbortController();
      const p = client.listSegments({ signal: ac.signal });
      setImmediate(() => ac.abort());
      await rejects(p, 'cancelled');
    } finally {
      sb.setFaults({});
    }
  });

  it('backs off and retries on 429 throttled, even a POST', async () => {
    sb.setRateLimit({ perSecond: 2, windowMs: 100 });
    try {
      const statuses: (number | string)[] = [];
      const c = fastClient(sb, { onRequest: (r) => statuses.push(r.status), backoff: { baseMs: 40, maxMs: 200 }, throttleRetries: 20 });
      const results = await Promise.all([...Array(6)].map(() => c.contactLists()));
      assert.equal(results.length, 6);
      assert.ok(statuses.includes(429), 'the server throttled');
      await c.createSegment({ name: 'After throttle', segment_criteria: OPENED_LAST_5 });
    } finally {
      sb.setRateLimit(false);
    }
  });

  it('stops at 429 quota_exceeded without retrying', async () => {
    const q = await fastSandbox({ rateLimit: { daily: 2 } });
    try {
      const c = fastClient(q);
      await c.contactLists();
      await c.contactLists();
      const before = q.requests;
      const e = await rejects(c.contactLists(), 'quota-exceeded');
      assert.equal(q.requests - before, 1);
      assert.match(e.message, /00:00 UTC/);
    } finally {
      await q.close();
    }
  });

  it('with the client-side limit, never starts more requests in a window than the limit', async () => {
    // The limiter's own clock, advanced only by its sleeps: the test does not depend on the machine's pace
    // (the server's arrival times would, on a busy machine).
    let now = 0;
    const starts: number[] = [];
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    const limiter = new RateLimiter(3, 250, clock);
    const acquire = limiter.acquire.bind(limiter);
    limiter.acquire = async (signal) => {
      await acquire(signal);
      starts.push(now);
    };
    const c = fastClient(sb, { limiter });
    await Promise.all([...Array(10)].map(() => c.tags()));
    assert.equal(starts.length, 10, 'every request waited for the limiter');
    for (const t of starts) assert.ok(starts.filter((u) => u >= t && u < t + 250).length <= 3, `more than 3 starts in the window from ${t}: ${starts.join(', ')}`);
    assert.ok(now >= 3 * 250, 'ten requests at three per window take at least three windows');
  });

  it('reads lookups, campaigns and the account', async () => {
    assert.equal((await client.accountSummary()).encoded_account_id, sb.accountId);
    assert.ok((await client.tags()).length > 0);
    assert.ok((await client.customFields()).some((f) => f.name === 'customer_tier'));
    const campaigns = await client.campaigns();
    const detail = await client.campaign(campaigns[1]!.campaign_id);
    assert.equal(detail.campaign_activities[0]!.role, 'primary_email');
    assert.equal(await client.contactsCount(), sb.state.data.contacts.length);
  });

  it('exports a segment as CSV through the bulk activity', async () => {
    const s = await client.createSegment({ name: 'Export me', segment_criteria: criteria([{ source: 'contact', field: 'state', op: 'eq', value: 'ma' }]) });
    const activity = await client.waitForActivity(await client.createContactExport(s.segment_id));
    const csv = await client.download(activity._links!.results!.href);
    const rows = csv.trim().split('\r\n');
    assert.equal(rows[0], 'Email address,First name,Last name,Job title,Company,City,State,Country,Date added');
    assert.ok(rows.length > 5);
  });

  it('refuses plain http except on loopback, and links to another host', async () => {
    assert.throws(() => new CtctClient({ baseUrl: 'http://api.example.com/v3', auth: { getToken: async () => 't' } }), /https/);
    const fake: typeof fetch = async () => new Response(JSON.stringify({ segments: [], _links: { next: { href: 'https://evil.example/v3/segments?cursor=x' } } }), { status: 200, headers: { 'content-type': 'application/json' } });
    const c = new CtctClient({ baseUrl: 'https://api.cc.email/v3', auth: { getToken: async () => 't' }, fetch: fake, limiter: false });
    await rejects(c.listSegments(), 'unexpected');
  });
});

describe('client: what the contract showed', () => {
  let sb: Sandbox;
  let client: CtctClient;
  before(async () => {
    sb = await fastSandbox();
    client = fastClient(sb);
  });
  after(() => sb.close());

  it('names the privilege of the operation that refused with 403', async () => {
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ['GET /v3/emails', () => client.campaigns(), /campaign:read privilege.*campaign_data scope/],
      ['GET /v3/contact_tags', () => client.tags(), /contacts:read privilege/],
      ['GET /v3/contact_lists', () => client.contactLists(), /contacts:lists:read privilege/],
      ['GET /v3/account/summary', () => client.accountSummary(), /account:read privilege.*account_read scope/],
      ['POST /v3/activities/contact_exports', () => client.createContactExport(1), /contacts:write privilege/],
    ];
    for (const [match, call, privilege] of cases) {
      sb.setFaults({ forbidden: { times: 1, match } });
      const e = await rejects(call(), 'forbidden');
      assert.match(e.message, privilege);
      assert.doesNotMatch(e.message, /Segments need/);
    }
    sb.setFaults({ forbidden: { times: 1, match: 'POST /v3/segments' } });
    assert.match((await rejects(client.createSegment({ name: 'No', segment_criteria: OPENED_LAST_5 }), 'forbidden')).message, /contacts:lists:write to change segments/);
  });

  it('sends an export body the spec defines: the segment id only', async () => {
    let sent: unknown;
    const fake: typeof fetch = async (_url, init) => {
      sent = JSON.parse(String(init?.body));
      return new Response(JSON.stringify({ activity_id: 'a', state: 'initialized' }), { status: 201, headers: { 'content-type': 'application/json' } });
    };
    await new CtctClient({ baseUrl: 'https://api.cc.email/v3', auth: { getToken: async () => 't' }, fetch: fake, limiter: false }).createContactExport(12);
    assert.deepEqual(sent, { segment_id: 12 });
  });

  it('reports a 429 that is not throttled at once, never repeating the POST', async () => {
    const busy = await fastSandbox({ queuedActivities: 1, exportMs: 60_000 });
    try {
      const c = fastClient(busy);
      const s = await c.createSegment({ name: 'Busy', segment_criteria: OPENED_LAST_5 });
      await c.createContactExport(s.segment_id);
      const before = busy.requests;
      const e = await rejects(c.createContactExport(s.segment_id), 'too-many-requests');
      assert.equal(busy.requests - before, 1, 'sent once');
      assert.match(e.message, /429 too_many_activities.*Too many activities are in progress.*not sent again/);
    } finally {
      await busy.close();
    }
  });

  it('retries a 429 only when its error_key is throttled', async () => {
    const answers = [{ error_key: 'throttled', error_message: 'Slow down' }, {}];
    let calls = 0;
    const fake: typeof fetch = async () => new Response(JSON.stringify(answers[Math.min(calls++, 1)]), { status: 429, headers: { 'content-type': 'application/json' } });
    const c = new CtctClient({ baseUrl: 'https://api.cc.email/v3', auth: { getToken: async () => 't' }, fetch: fake, limiter: false, backoff: { baseMs: 1, maxMs: 2 } });
    const e = await rejects(c.tags(), 'too-many-requests');
    assert.equal(calls, 2, 'the throttled answer was retried, the one without a key was not');
    assert.match(e.message, /refused the request for now \(429\)/);
  });

  it('refuses a call whose scope the sign-in was not granted, before sending it', async () => {
    const c = fastClient(sb, { auth: { getToken: async () => sb.token, grantedScopes: async () => ['contact_data', 'offline_access'] }, hints: { signIn: 'Run `segment-criteria login`.' } });
    assert.ok((await c.tags()).length > 0);
    const before = sb.requests;
    const e = await rejects(c.campaigns(), 'missing-scope');
    assert.equal(sb.requests, before, 'nothing was sent');
    assert.match(e.message, /GET \/emails\?limit=500 needs the campaign_data scope, which your sign-in was not granted \(without it, campaign activity ids cannot be checked against the account, segments cannot be attached to campaigns, and delete cannot check for scheduled campaigns\)\. .*segment-criteria login/);
    await rejects(c.accountSummary(), 'missing-scope');
  });
});
