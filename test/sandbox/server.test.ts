import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadDataFile } from '../../sandbox/src/data.js';
import { QUOTA_BODY, THROTTLED_BODY } from '../../sandbox/src/limits.js';
import { startSandbox, type Sandbox } from '../../sandbox/src/server.js';
import { OPENED_LAST_5 } from '../api/sandboxFixture.js';

describe('sandbox over HTTP', () => {
  let sb: Sandbox;
  const lines: string[] = [];
  before(async () => {
    sb = await startSandbox({ rateLimit: false, processingMs: 0, log: (l) => lines.push(l) });
  });
  after(() => sb.close());
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(sb.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${sb.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers 401 with the single-object body', async () => {
    const r = await fetch(sb.baseUrl + '/segments');
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), { error_key: 'unauthorized', error_message: 'Unauthorized' });
  });

  it('creates with 201, refuses a taken name with 409, a bad body with 400 and another media type with 415', async () => {
    const r = await call('POST', '/segments', { name: 'Dup', segment_criteria: OPENED_LAST_5 });
    assert.equal(r.status, 201);
    const s = (await r.json()) as { segment_id: number; edited_at: string };
    assert.match(s.edited_at, /\.000Z$/, 'edited_at is to the second');
    const dup = await call('POST', '/segments', { name: 'dup', segment_criteria: OPENED_LAST_5 });
    assert.equal(dup.status, 409);
    const body = (await dup.json()) as { error_key: string }[];
    assert.ok(Array.isArray(body) && body[0]!.error_key === 'conflict');
    assert.equal((await call('POST', '/segments', { name: 'No criteria' })).status, 400);
    assert.equal((await call('POST', '/segments', '{oops')).status, 400);
    assert.equal((await call('POST', '/segments', 'name=x', { 'Content-Type': 'text/plain' })).status, 415);
    assert.equal((await call('GET', '/segments/abc')).status, 400);
    assert.equal((await call('DELETE', `/segments/${s.segment_id}`)).status, 204);
    assert.equal((await call('DELETE', `/segments/${s.segment_id}`)).status, 404);
    // The name of a deleted segment is free again.
    assert.equal((await call('POST', '/segments', { name: 'Dup', segment_criteria: OPENED_LAST_5 })).status, 201);
  });

  it('accepts only limit besides segment_id on /contacts', async () => {
    const r = await call('POST', '/segments', { name: 'Contacts', segment_criteria: OPENED_LAST_5 });
    const { segment_id } = (await r.json()) as { segment_id: number };
    assert.equal((await call('GET', `/contacts?segment_id=${segment_id}&status=all`)).status, 400);
    assert.equal((await call('GET', `/contacts?segment_id=${segment_id}&limit=501`)).status, 400);
    assert.equal((await call('GET', `/contacts?segment_id=${segment_id}&limit=5`)).status, 200);
    assert.equal((await call('GET', `/contacts?segment_id=99999`)).status, 404);
  });

  it('logs one line per request and never the token', () => {
    assert.ok(lines.some((l) => /^POST \/v3\/segments 201 \d+ms$/.test(l)), lines.join('\n'));
    assert.ok(lines.every((l) => !l.includes(sb.token)));
  });

  it('switches faults over HTTP with the sandbox token', async () => {
    const origin = new URL(sb.baseUrl).origin;
    const set = (faults: unknown) => fetch(`${origin}/__sandbox/faults`, { method: 'POST', headers: { Authorization: `Bearer ${sb.token}` }, body: JSON.stringify(faults) });
    assert.equal((await fetch(`${origin}/__sandbox/faults`, { method: 'POST', body: '{}' })).status, 401);
    assert.equal((await set({ serverError: { times: 1, status: 503 } })).status, 200);
    assert.equal((await call('GET', '/segments')).status, 503);
    assert.equal((await call('GET', '/segments')).status, 200);
    await set({ cut: { times: 1 } });
    await assert.rejects(call('GET', '/segments'));
    await set({});
  });

  it('refuses a fault switch it cannot use with 400 and the API\'s error body, and keeps answering', async () => {
    const origin = new URL(sb.baseUrl).origin;
    const set = (faults: string) => fetch(`${origin}/__sandbox/faults`, { method: 'POST', headers: { Authorization: `Bearer ${sb.token}` }, body: faults });
    const bad: [string, RegExp][] = [
      ['{"serverError": {"status": "abc"}}', /serverError\.status must be a 5xx status/],
      ['{"serverError": {"status": 99}}', /serverError\.status must be a 5xx status/],
      ['null', /The faults must be a JSON object\./],
      ['{"serverError": null}', /"serverError" must be an object/],
      ['{"slow": {"ms": "soon"}}', /slow\.ms must be a whole number/],
      ['{"cut": {"times": -1}}', /cut\.times must be a whole number/],
      ['{"explode": {}}', /Unknown fault "explode"/],
    ];
    for (const [body, message] of bad) {
      const r = await set(body);
      assert.equal(r.status, 400, body);
      const errors = (await r.json()) as { error_key: string; error_message: string }[];
      assert.ok(Array.isArray(errors) && errors[0]!.error_key === 'bad.faults', body);
      assert.match(errors[0]!.error_message, message);
      assert.equal((await call('GET', '/segments')).status, 200, `still answering after ${body}`);
    }
    assert.throws(() => sb.setFaults({ serverError: { status: 99 } }), /5xx/);
    assert.equal((await call('GET', '/segments')).status, 200);
  });
});

describe('sandbox limits', () => {
  it('answers the real 429 bodies for throttling and the daily quota', async () => {
    const sb = await startSandbox({ rateLimit: { perSecond: 2, windowMs: 60_000, daily: 3 } });
    try {
      const get = () => fetch(sb.baseUrl + '/contact_tags', { headers: { Authorization: `Bearer ${sb.token}` } });
      assert.equal((await get()).status, 200);
      assert.equal((await get()).status, 200);
      const t = await get();
      assert.equal(t.status, 429);
      assert.equal(t.headers.get('retry-after'), null);
      assert.deepEqual(await t.json(), THROTTLED_BODY);
      sb.setRateLimit({ perSecond: 100, daily: 3 });
      assert.equal((await get()).status, 200);
      const q = await get();
      assert.deepEqual(await q.json(), QUOTA_BODY);
    } finally {
      await sb.close();
    }
  });
});

describe('sandbox data files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbdata-'));
  it('loads a minimal file', () => {
    const p = join(dir, 'ok.json');
    writeFileSync(p, JSON.stringify({ account: { encoded_account_id: 'mine', organization_name: 'Mine' }, lists: [], tags: [], campaigns: [], contacts: [{ contact_id: 'a', email_address: 'a@example.com', created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z' }] }));
    const d = loadDataFile(p);
    assert.equal(d.contacts.length, 1);
    assert.deepEqual(d.sends, []);
  });
  it('loads the example in docs/sandbox.md, which selects as documented', async () => {
    const doc = readFileSync(new URL('../../docs/sandbox.md', import.meta.url), 'utf8');
    const example = /## The `--data` format[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const p = join(dir, 'doc.json');
    writeFileSync(p, example);
    const sb = await startSandbox({ data: loadDataFile(p), rateLimit: false, processingMs: 0 });
    try {
      const ids = sb.state.evaluator.select(JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'tracking', field: 'opened', op: 'contains-any', const_value: 'last-n-campaigns', param: '1' }] } }));
      assert.deepEqual(ids.map((c) => c.contact_id), ['c-1']);
    } finally {
      await sb.close();
    }
  });
  it('names each problem of a bad file', () => {
    const p = join(dir, 'bad.json');
    writeFileSync(p, JSON.stringify({ account: {}, lists: [{ name: 'x' }], tags: [], campaigns: [], contacts: [{ contact_id: 'a', email_address: 'a@example.com', created_at: 'soon' }] }));
    assert.throws(() => loadDataFile(p), (e: Error) => /account\.encoded_account_id/.test(e.message) && /lists\[0\]\.list_id/.test(e.message) && /contacts\[0\]\.created_at/.test(e.message) && /docs\/sandbox\.md/.test(e.message));
    assert.throws(() => loadDataFile(join(dir, 'missing.json')), /Cannot read the data file/);
  });
});
