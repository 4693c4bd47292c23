// The published contract (api/contract) as the oracle: the client's operations are the spec's, the
// validator reads the Swagger dialect, every client call goes through a sandbox that holds each request and
// each answer to the spec, and the sandbox refuses what the spec would not accept.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import spec from '../../api/contract/ctct-v3-api-subset.json';
import { ALL_ACTIVITY_INCLUDES, writableActivity } from '../../api/src/emailActivity.js';
import { RateLimiter } from '../../api/src/rateLimiter.js';
import { OPERATIONS } from '../../api/src/operations.js';
import { SERVED_OPERATIONS } from '../../sandbox/src/apiRoutes.js';
import { PARAMETER_FIXES } from '../../sandbox/src/contract/exemptions.js';
import { ContractRecorder, processRecorder } from '../../sandbox/src/contract/recorder.js';
import { toJsonSchema } from '../../sandbox/src/contract/swaggerSchema.js';
import { contract, type SpecOperation } from '../../sandbox/src/contract/validator.js';
import { sampleData } from '../../sandbox/src/sampleData.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { OPENED_LAST_5, criteria, fastClient, fastSandbox } from './sandboxFixture.js';

const byKey = (key: string): SpecOperation => {
  const op = contract().operations.find((o) => o.key === key);
  assert.ok(op, `${key} is in the spec`);
  return op;
};
const request = (key: string, path: string, query = '', body?: unknown) => {
  const found = contract().operation(key.split(' ')[0]!, path);
  assert.equal(found?.op.key, key, `${path} is ${key}`);
  return contract().checkRequest(found!.op, found!.pathParams, new URLSearchParams(query), body);
};
const clientKeys = Object.values(OPERATIONS).map((o) => `${o.method} ${o.path}`);

describe('the client calls the published operations', () => {
  it('each with the method, path, scope and privilege the spec gives it', () => {
    for (const [id, op] of Object.entries(OPERATIONS)) {
      const found = contract().operations.find((o) => o.operationId === id);
      assert.ok(found, `${id} is an operation of the spec`);
      assert.equal(`${op.method} ${op.path}`, found.key, id);
      assert.deepEqual([op.privilege], found.privileges, `${id}: x-authorization-privileges`);
      assert.deepEqual([op.scope], found.scopes, `${id}: security scopes`);
    }
  });
  it('and the sandbox serves every one of them', () => {
    for (const key of clientKeys) assert.ok((SERVED_OPERATIONS as readonly string[]).includes(key), key);
  });
});

describe('the validator reads the Swagger 2.0 dialect', () => {
  it('refuses body properties and query parameters the spec does not define', () => {
    assert.deepEqual(request('POST /activities/contact_exports', '/activities/contact_exports', '', { segment_id: 3 }), []);
    assert.match(request('POST /activities/contact_exports', '/activities/contact_exports', '', { segment_id: 3, file_export_type: 'CSV' }).join(), /"file_export_type", which the spec does not define/);
    assert.match(request('GET /contacts', '/contacts', 'segment_id=3&limit=5&page=2').join(), /query parameter "page" is not in the spec/);
    assert.match(request('POST /segments', '/segments', '', { name: 'x' }).join(), /required property 'segment_criteria'/);
    assert.match(request('POST /segments', '/segments', '').join(), /JSON body the spec requires is missing/);
  });
  it('holds query and path parameters to their types and bounds', () => {
    assert.deepEqual(request('GET /contacts', '/contacts', 'segment_id=3&limit=500'), []);
    assert.match(request('GET /contacts', '/contacts', 'segment_id=3&limit=501').join(), /query parameter "limit" must be <= 500/);
    assert.match(request('GET /contact_custom_fields', '/contact_custom_fields', 'limit=0').join(), /"limit" must be >= 1/);
    assert.match(request('GET /contacts', '/contacts', 'include_count=maybe').join(), /"include_count" must be boolean/);
    assert.match(request('GET /segments/{segment_id}', '/segments/abc').join(), /path parameter "segment_id" must be integer/);
    assert.match(request('GET /segments/{segment_id}', '/segments/4294967296').join(), /must match format "int32"/);
    assert.match(request('GET /contacts', '/contacts', 'status=all,gone').join(), /"status" item 1 must be equal to one of the allowed values/);
    assert.deepEqual(request('GET /contacts', '/contacts', 'status=all,active'), []);
  });
  it('refuses readOnly properties in a request, and keeps them in answers', () => {
    assert.match(request('PUT /account/summary', '/account/summary', '', { encoded_account_id: 'a07e1' }).join(), /"encoded_account_id", which the spec does not define/);
    assert.deepEqual(toJsonSchema({ type: 'object', required: ['id', 'name'], properties: { id: { type: 'string', readOnly: true }, name: { type: 'string', 'x-example': 'n' } } }, 'request'), {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' } },
      additionalProperties: false,
    });
    assert.deepEqual(contract().checkAnswer(byKey('GET /segments/{segment_id}'), { status: 200, body: { segment_id: 4, name: 'a', segment_criteria: '{}', created_at: '2024-05-01T09:00:00.000Z', edited_at: '2024-05-01T09:00:00Z' } }), []);
  });
  it('checks an answer: documented status, schema, formats, error shape, media type', () => {
    const get = byKey('GET /segments/{segment_id}');
    assert.match(contract().checkAnswer(get, { status: 403, body: [{ error_key: 'forbidden', error_message: 'No' }] }).join(), /status 403, which the spec does not document/);
    assert.match(contract().checkAnswer(get, { status: 200, body: { segment_id: 4, name: 'a', segment_criteria: '{}', created_at: '2024-05-01' } }).join(), /created_at must match format "date-time"/);
    assert.match(contract().checkAnswer(get, { status: 200, body: { segment_id: 4, name: 'a', deleted: true } }).join(), /"deleted", which the spec does not define/);
    assert.match(contract().checkAnswer(get, { status: 404, body: { message: 'gone' } }).join(), /404 body must be array/);
    assert.match(contract().checkAnswer(byKey('GET /contact_exports/{file_export_id}'), { status: 200, text: 'a,b\r\n', contentType: 'application/json' }).join(), /Content-Type application\/json, where the spec produces text\/csv/);
    assert.deepEqual(contract().checkAnswer(byKey('GET /contact_exports/{file_export_id}'), { status: 200, text: 'a,b\r\n', contentType: 'text/csv; charset=utf-8' }), []);
    assert.match(contract().checkAnswer(byKey('DELETE /segments/{segment_id}'), { status: 204, body: { ok: true } }).join(), /a 204 body, which the spec does not define/);
  });
  it('applies the named exemptions, and only those', () => {
    const post = byKey('POST /segments');
    // 429 answers any operation, with the single-object body.
    assert.deepEqual(contract().checkAnswer(post, { status: 429, body: { error_key: 'throttled', error_message: 'Slow down' } }), []);
    assert.match(contract().checkAnswer(post, { status: 429, body: [{ error_key: 'throttled', error_message: 'Slow down' }] }).join(), /429 body must be object/);
    // A fault switch's status is exempt from the documented-status check, not from the error shape.
    const get = byKey('GET /segments/{segment_id}');
    assert.deepEqual(contract().checkAnswer(get, { status: 403, body: [{ error_key: 'forbidden', error_message: 'No' }] }, true), []);
    assert.match(contract().checkAnswer(get, { status: 503, body: 'down' }, true).join(), /503 body must be array/);
    // A paging link followed verbatim: path and method only.
    assert.deepEqual(request('GET /segments', '/segments', 'cursor=abc&anything=1'), []);
    assert.match(request('GET /segments/{segment_id}', '/segments/x', 'cursor=abc').join(), /"segment_id" must be integer/);
    // segment_id is typed string with maximum: 1 in the spec: read as one whole number.
    assert.match(request('GET /contacts', '/contacts', 'segment_id=1,2').join(), /"segment_id" must match pattern/);
  });
  it('lists every self-contradiction of the spec it works around, each against a real parameter', () => {
    for (const fix of PARAMETER_FIXES) {
      const params = (byKey(fix.operation).raw.parameters as { name: string }[]).map((p) => p.name);
      assert.ok(params.includes(fix.parameter), `${fix.operation} has ${fix.parameter}`);
      assert.ok(fix.reason.length > 20, 'with its reason');
    }
    // Strict ajv refuses a keyword that does not fit its type: compiling every operation proves none is left unlisted.
    assert.doesNotThrow(() => contract().prepare(contract().operations.map((o) => o.key), true));
    assert.equal(contract().operations.length, Object.values((spec as { paths: Record<string, object> }).paths).reduce((n, item) => n + Object.keys(item).length, 0));
  });
});

describe('every client call against the sandbox, each request and answer held to the contract', () => {
  let sb: Sandbox;
  // This process's recorder, so that the run's coverage report counts these checks too; only what this test adds is asserted.
  const recorder = processRecorder();
  const tallyBefore = new Map([...recorder.operations].map(([k, t]) => [k, { ...t }]));
  const violationsBefore = recorder.violations.length;
  before(async () => (sb = await fastSandbox({ contractRecorder: recorder })));
  after(() => sb.close());

  it('exercises every operation the client calls', async () => {
    const client = fastClient(sb);
    const made = await client.createSegment({ name: 'Contract', segment_criteria: criteria([{ source: 'contact', field: 'state', op: 'eq', value: 'MA' }]) });
    await client.getSegment(made.segment_id);
    await client.updateSegment(made.segment_id, { name: 'Contract', segment_criteria: OPENED_LAST_5 });
    await client.renameSegment(made.segment_id, 'Contract renamed');
    for (let i = 0; i < 3; i++) await client.createSegment({ name: `Contract ${i}`, segment_criteria: OPENED_LAST_5 });
    assert.ok((await client.listSegments({ pageSize: 2, sortBy: 'name' })).length >= 4);
    let read = 0;
    for await (const page of client.segmentContactPages(made.segment_id, { limit: 7 })) read += page.contacts.length;
    assert.ok(read > 7, 'several pages, after 202 processing');
    assert.equal(await client.contactsCount(), sb.state.data.contacts.length);
    const activity = await client.waitForActivity(await client.createContactExport(made.segment_id));
    assert.match(await client.download(activity._links!.results!.href), /^Email address,/);
    await client.accountSummary();
    await client.contactLists();
    const list = await client.createList('Contract list');
    assert.equal((await client.waitForActivity(await client.addSegmentToLists(made.segment_id, [list.list_id]))).state, 'completed');
    assert.equal((await client.getList(list.list_id)).membership_count, read);
    await client.tags();
    await client.customFields();
    const campaigns = await client.campaigns();
    await client.campaign(campaigns[0]!.campaign_id);
    const draft = sb.state.data.campaigns.find((c) => c.activities[0]!.current_status === 'DRAFT')!.activities[0]!.campaign_activity_id;
    const email = await client.emailActivity(draft, { include: ALL_ACTIVITY_INCLUDES });
    await client.updateEmailActivity(draft, writableActivity(email));
    await client.emailSchedules(draft);
    // Error answers are held to the contract too.
    sb.setFaults({ forbidden: { times: 1, match: 'GET /v3/segments/' } });
    await assert.rejects(client.getSegment(made.segment_id), /403/);
    sb.setRateLimit({ perSecond: 1, windowMs: 100 });
    await Promise.all([fastClient(sb, { limiter: new RateLimiter(1, 10) }).tags(), client.tags()]);
    sb.setRateLimit(false);
    await client.deleteSegment(made.segment_id);
    await assert.rejects(client.renameSegment(made.segment_id, 'Gone'), /404/);

    const added = (key: string) => {
      const now = recorder.operations.get(key) ?? { requests: 0, refused: 0, answers: 0 };
      const was = tallyBefore.get(key) ?? { requests: 0, refused: 0, answers: 0 };
      return { requests: now.requests - was.requests, refused: now.refused - was.refused, answers: now.answers - was.answers };
    };
    const refused = [...recorder.operations.keys()].filter((k) => added(k).refused);
    assert.deepEqual(refused, [], 'the spec accepts every request the client built');
    assert.deepEqual(recorder.violations.slice(violationsBefore), [], 'every answer keeps the contract');
    for (const key of clientKeys) assert.ok(added(key).requests > 0 && added(key).answers > 0, `${key} was exercised`);
  });
});

describe('the sandbox holds requests and answers to the contract', () => {
  it('answers a request the spec would not accept with the API 400 body, and logs why', async () => {
    const lines: string[] = [];
    const sb = await fastSandbox({ log: (l) => lines.push(l) });
    try {
      const call = (method: string, path: string, body?: unknown) =>
        fetch(sb.baseUrl + path, { method, headers: { Authorization: `Bearer ${sb.token}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const seg = (await (await call('POST', '/segments', { name: 'S', segment_criteria: OPENED_LAST_5 })).json()) as { segment_id: number };
      const refused = await call('POST', '/activities/contact_exports', { segment_id: seg.segment_id, file_export_type: 'CSV' });
      assert.equal(refused.status, 400);
      assert.deepEqual(await refused.json(), [{ error_key: 'json.validation.error', error_message: 'Either the JSON was malformed or there was a data validation error.' }]);
      assert.equal((await call('GET', '/contact_custom_fields?limit=101')).status, 400);
      assert.equal((await call('GET', '/contact_tags?limit=50&sort=name')).status, 400);
      assert.equal((await call('GET', '/contact_tags?limit=50')).status, 200);
      assert.ok(lines.some((l) => /^POST \/v3\/activities\/contact_exports 400 \d+ms \(refused by the published contract: body has "file_export_type"/.test(l)), lines.join('\n'));
    } finally {
      await sb.close();
    }
  });
  it('turns an answer that breaks the contract into a 500 that says how', async () => {
    const data = sampleData({ contacts: 5 });
    data.lists[0]!.list_id = 'list-1';
    const recorder = new ContractRecorder();
    const sb = await fastSandbox({ data, contractRecorder: recorder });
    try {
      const r = await fetch(`${sb.baseUrl}/contact_lists`, { headers: { Authorization: `Bearer ${sb.token}` } });
      assert.equal(r.status, 500);
      assert.match(JSON.stringify(await r.json()), /contract\.violation.*lists\/0\/list_id must match format \\"uuid\\"/);
      assert.equal(recorder.violations.length, 1);
    } finally {
      await sb.close();
    }
  });
});

describe('the coverage report of a test run', () => {
  const report = (events: object[], ...args: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-report-'));
    writeFileSync(join(dir, '1.jsonl'), events.map((e) => JSON.stringify(e) + '\n').join(''));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/contractCoverage.ts', dir, ...args], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  const everything = clientKeys.flatMap((op) => [{ op, kind: 'request' }, { op, kind: 'answer' }]);

  it('prints each operation with its counts, and passes when all were exercised', () => {
    const r = report(everything);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /getSegmentDetail +GET \/segments\/\{segment_id\} +1 +0 +1/);
  });
  it('fails when an operation the client calls was never exercised, naming it', () => {
    const r = report(everything.filter((e) => e.op !== 'GET /emails/{campaign_id}'));
    assert.equal(r.code, 1);
    assert.match(r.out, /Never exercised .*retrieveEmailCampaignUsingGET \(GET \/emails\/\{campaign_id\}\)/);
    assert.equal(report(everything.filter((e) => e.op !== 'GET /emails/{campaign_id}'), '--filtered').code, 0, 'a filtered run only prints');
  });
  it('fails on an answer that broke the contract', () => {
    const r = report([...everything, { op: 'GET /segments', kind: 'violation', detail: '200 body /segments/0 has "x", which the spec does not define' }]);
    assert.equal(r.code, 1);
    assert.match(r.out, /Answers that broke the contract \(1\):\n {2}GET \/segments: 200 body/);
  });
});
