/**
 * Criteria of sources the product does not know (the web UI's ecommerce criteria): the sandbox stores them,
 * as Constant Contact does, and selects nobody for a segment that has them. Near misses stay refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CriteriaError, Evaluator } from '../../sandbox/src/evaluator.js';
import { sampleData } from '../../sandbox/src/sampleData.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { criteria, fastSandbox } from '../api/sandboxFixture.js';

const ECOMMERCE = { source: 'ecommerce_activity', field: 'purchased_product', op: 'contains-any', product_ids: ['sku-1017'], min_amount: 10.5 };
const ANYONE = { source: 'contact', field: 'email_address', op: 'ne', const_value: 'blank' };

describe('the evaluator and criteria it cannot evaluate', () => {
  const ev = new Evaluator(sampleData());

  it('selects nobody for a segment with one, wherever it is', () => {
    assert.ok(ev.select(criteria([ANYONE])).length > 0, 'without it, the segment selects contacts');
    assert.deepEqual(ev.select(criteria([ANYONE, ECOMMERCE])), []);
    assert.deepEqual(ev.select(criteria([{ type: 'or', group: [ANYONE, ECOMMERCE] }])), []);
    assert.deepEqual(ev.select(criteria([ANYONE, { ...ECOMMERCE, type: 'purchase' }])), [], 'a "type" key does not make it a group');
  });

  it('still refuses near misses of known sources and unknown operators of known ones', () => {
    assert.throws(() => ev.select(criteria([{ ...ANYONE, source: 'contacts' }])), CriteriaError);
    assert.throws(() => ev.select(criteria([{ ...ANYONE, op: 'equals' }])), CriteriaError);
  });
});

describe('the sandbox stores them', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await fastSandbox({ processingMs: 0 });
  });
  after(() => sb.close());
  const call = (method: string, path: string, body?: unknown) =>
    fetch(sb.baseUrl + path, { method, headers: { Authorization: `Bearer ${sb.token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('POST /segments succeeds, GET returns the criteria as sent, and the segment has no contacts', async () => {
    const sent = criteria([ECOMMERCE, ANYONE]);
    const r = await call('POST', '/segments', { name: 'Bought a tent', segment_criteria: sent });
    assert.equal(r.status, 201);
    const { segment_id } = (await r.json()) as { segment_id: number };
    const got = (await (await call('GET', `/segments/${segment_id}`)).json()) as { segment_criteria: string };
    assert.equal(got.segment_criteria, sent);
    const contacts = (await (await call('GET', `/contacts?segment_id=${segment_id}`)).json()) as { contacts: unknown[] };
    assert.deepEqual(contacts.contacts, []);
  });

  it('a near miss is still a 400', async () => {
    const r = await call('POST', '/segments', { name: 'Typo', segment_criteria: criteria([{ ...ANYONE, source: 'contacts' }]) });
    assert.equal(r.status, 400);
  });
});
