/**
 * Every diagnostic code: an invalid fixture that must produce exactly that code on exactly the marked
 * range, and a valid fixture that must not produce it (nor any error).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CODES } from '../../server/src/language/codes';
import { validate } from '../../server/src/language/service';
import type { AccountData } from '../../server/src/language/types';
import { LIMITS } from '../../server/src/language/vocabulary';
import { file, marked } from '../markers';

const LIST_A = '4c08372c-957a-48b5-bc45-72c7f00796cd';
const LIST_B = '8c04262c-957a-48b5-bc45-72c7f00886dc';
const ACCOUNT: AccountData = {
  lists: [{ id: LIST_A, name: 'Newsletter' }],
  tags: [{ id: LIST_B, name: 'VIP' }],
  campaignActivities: [{ id: LIST_A, name: 'Spring sale' }],
  customFields: [{ name: 'shoe_size' }],
};

const opened5 = '        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns", "param": "5" }';
const state = (v: string) => `        { "source": "contact", "field": "state", "op": "eq", "value": "${v}" }`;
const list = (id: string) => `{ "source": "list_membership", "field": "list_id", "op": "eq", "value": "${id}" }`;
const tag = (id: string) => `{ "source": "tags", "field": "tag_id", "op": "eq", "value": "${id}" }`;

interface Case {
  code: string;
  invalid: string;
  valid: string;
  account?: AccountData;
}

const cases: Case[] = [
  { code: 'syntax-error', invalid: `{ "name": "x" ⟦"segment_criteria"⟧: {} }`, valid: file(opened5) },
  { code: 'empty-document', invalid: '⟦⟧', valid: file(opened5) },
  { code: 'wrong-type', invalid: file(opened5).replace('"name": "Test segment"', '"name": ⟦5⟧'), valid: file(opened5) },
  { code: 'too-deep', invalid: '['.repeat(64) + '⟦[⟧' + ']'.repeat(65), valid: file(opened5) },
  {
    code: 'request-shape',
    invalid: `{ "name": "Opened last five campaigns", ⟦"criteria"⟧: { "type": "and", "group": [ ${opened5.trim()} ] } }`,
    valid: file(opened5),
  },
  { code: 'fragment-shape', invalid: `⟦{⟧ "type": "and", "group": [ ${opened5.trim()} ] }`, valid: file(opened5) },
  {
    code: 'criteria-as-string',
    invalid: `{ "name": "x", ⟦"segment_criteria"⟧: ${JSON.stringify(JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [JSON.parse(opened5)] } }))} }`,
    valid: file(opened5),
  },
  { code: 'missing-version', invalid: file(opened5).replace('"segment_criteria"', '⟦"segment_criteria"⟧').replace('"version": "1.0.0",', ''), valid: file(opened5) },
  { code: 'unsupported-version', invalid: file(opened5).replace('"version": "1.0.0"', '"version": ⟦"2.0"⟧'), valid: file(opened5) },
  {
    code: 'criteria-too-long',
    invalid: file(Array.from({ length: 300 }, (_, i) => state(`State number ${i} with a long enough name`)).join(',\n')).replace('"segment_criteria"', '⟦"segment_criteria"⟧'),
    valid: file(Array.from({ length: 20 }, (_, i) => state(`S${i}`)).join(',\n')),
  },
  { code: 'unknown-key', invalid: file(`        { "source": "contact", "field": "state", "op": "eq", "value": "MA", ⟦"vaule"⟧: "x" }`), valid: file(state('MA')) },
  { code: 'missing-key', invalid: file(`        ⟦{⟧ "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns" }`), valid: file(opened5) },
  { code: 'unknown-source', invalid: file(`        { "source": ⟦"trackng"⟧, "field": "opened", "op": "eq", "value": "${LIST_A}" }`), valid: file(opened5) },
  {
    code: 'unchecked-source',
    invalid: file(`        { "source": ⟦"ecommerce_activity"⟧, "field": "purchased", "op": "any", "product_ids": ["p-1", 42] }`),
    valid: file(opened5),
  },
  { code: 'unknown-field', invalid: file(`        { "source": "tracking", "field": ⟦"openned"⟧, "op": "eq", "value": "${LIST_A}" }`), valid: file(opened5) },
  { code: 'unknown-op', invalid: file(`        { "source": "contact", "field": "state", "op": ⟦"contains"⟧, "value": "MA" }`), valid: file(state('MA')) },
  { code: 'invalid-const-value', invalid: file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": ⟦"last-n-campaign"⟧, "param": 5 }`), valid: file(opened5) },
  {
    code: 'invalid-const-date-value',
    invalid: file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "campaigns", "const_date_value": ⟦"last-days"⟧, "date_param": "90" }`),
    valid: file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "campaigns", "const_date_value": "last-n-days", "date_param": "90" }`),
  },
  { code: 'invalid-group-type', invalid: file(`        { "type": ⟦"xor"⟧, "group": [ ${state('MA').trim()} ] }`), valid: file(`        { "type": "or", "group": [ ${state('MA').trim()}, ${state('RI').trim()} ] }`) },
  { code: 'top-not-and', invalid: file(opened5).replace('"type": "and"', '"type": ⟦"or"⟧'), valid: file(opened5) },
  {
    code: 'invalid-date',
    invalid: file(`        { "source": "contact", "field": "date_added", "op": "contains-any", "const_value": "in-range", "date_param": [⟦"2024-01-01"⟧, "2024-02-01T00:00:00+0000"] }`),
    valid: file(`        { "source": "contact", "field": "date_added", "op": "contains-any", "const_value": "in-range", "date_param": ["2024-01-01T00:00:00+0000", "2024-02-01T00:00:00+0000"] }`),
  },
  { code: 'invalid-number', invalid: file(opened5.replace('"param": "5"', '"param": ⟦"five"⟧')), valid: file(opened5.replace('"param": "5"', '"param": 5')) },
  {
    code: 'invalid-date-range',
    invalid: file(`        { "source": "contact", "field": "date_added", "op": "contains-any", "const_value": "in-range", "date_param": ⟦["2024-01-01T00:00:00+0000"]⟧ }`),
    valid: file(`        { "source": "contact", "field": "date_updated", "op": "contains-any", "const_value": "last-n-days", "date_param": 30 }`),
  },
  { code: 'empty-group', invalid: file(`        { "type": "or", "group": ⟦[]⟧ }`), valid: file(opened5) },
  { code: 'empty-name', invalid: file(opened5).replace('"name": "Test segment"', '"name": ⟦""⟧'), valid: file(opened5) },
  {
    code: 'name-too-long',
    invalid: file(opened5).replace('"name": "Test segment"', `"name": ⟦"${'n'.repeat(256)}"⟧`),
    valid: file(opened5).replace('"name": "Test segment"', `"name": "${'n'.repeat(255)}"`),
  },
  { code: 'empty-value', invalid: file(`        { "source": "contact", "field": "state", "op": "eq", "value": ⟦""⟧ }`), valid: file(`        { "source": "contact", "field": "state", "op": "eq", "const_value": "blank" }`) },
  {
    code: 'key-not-allowed',
    invalid: file(`        { "source": "list_membership", "field": "list_id", "op": "eq", "const_value": "none", ⟦"value": "${LIST_A}"⟧ }`),
    valid: file(`        { "source": "list_membership", "field": "list_id", "op": "eq", "const_value": "none" }`),
  },
  {
    code: 'days-in-value',
    invalid: file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "campaigns", ⟦"value": "90"⟧ }`),
    valid: file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "campaigns", "const_date_value": "last-n-days", "date_param": "90" }`),
  },
  {
    code: 'and-in-or',
    invalid: file(`        { "type": "or", "group": [ { "type": ⟦"and"⟧, "group": [ ${opened5.trim()} ] }, ${opened5.trim()} ] }`),
    valid: file(`        { "type": "or", "group": [ ${opened5.trim()}, ${opened5.trim().replace('opened', 'clicked')} ] }`),
  },
  {
    code: 'or-in-or',
    invalid: file(`        { "type": "or", "group": [ { "type": ⟦"or"⟧, "group": [ ${state('MA').trim()} ] }, ${state('RI').trim()} ] }`),
    valid: file(`        { "type": "or", "group": [ ${state('MA').trim()}, ${state('RI').trim()} ] }`),
  },
  { code: 'and-in-and', invalid: file(`        { "type": ⟦"and"⟧, "group": [ ${state('MA').trim()} ] }`), valid: file(state('MA')) },
  {
    code: 'mixed-sources-in-or',
    invalid: file(`        { "type": "or", "group": [ ${state('MA').trim()}, { "source": ⟦"tracking"⟧, "field": "opened", "op": "eq", "value": "${LIST_A}" } ] }`),
    valid: file(`        { "type": "or", "group": [ ${state('MA').trim()}, { "source": "contact", "field": "postal_code", "op": "eq", "value": "02451" } ] }`),
  },
  {
    code: 'repeated-list-membership',
    invalid: file(`        ${list(LIST_A)},\n        ${list(LIST_B).replace('"source": "list_membership"', '"source": ⟦"list_membership"⟧')}`),
    valid: file(`        { "type": "or", "group": [ ${list(LIST_A)}, ${list(LIST_B)} ] }`),
  },
  {
    code: 'repeated-tags',
    invalid: file(`        { "type": "or", "group": [ ${tag(LIST_A)}, ${tag(LIST_B)} ] },\n        ${tag(LIST_B).replace('"source": "tags"', '"source": ⟦"tags"⟧')}`),
    valid: file(`        { "type": "or", "group": [ ${tag(LIST_A)}, ${tag(LIST_B)} ] }`),
  },
  { code: 'too-many-campaigns', invalid: file(opened5.replace('"param": "5"', '"param": ⟦"501"⟧')), valid: file(opened5.replace('"param": "5"', '"param": 500')) },
  { code: 'param-over-ui-limit', invalid: file(opened5.replace('"param": "5"', '"param": ⟦6⟧')), valid: file(opened5) },
  {
    code: 'days-out-of-range',
    invalid: file(`        { "source": "contact", "field": "date_added", "op": "contains-any", "const_value": "last-n-days", "date_param": ⟦"1826"⟧ }`),
    valid: file(`        { "source": "contact", "field": "date_added", "op": "contains-any", "const_value": "last-n-days", "date_param": "1825" }`),
  },
  {
    code: 'range-order',
    invalid: file(`        { "source": "contact", "field": "date_added", "op": "contains-any", "const_value": "in-range", "date_param": ⟦["2024-02-01T00:00:00+0000", "2024-01-01T00:00:00+0000"]⟧ }`),
    valid: file(`        { "source": "contact", "field": "date_added", "op": "contains-any", "const_value": "in-range", "date_param": ["2024-01-01T00:00:00+0000", "2024-02-01T00:00:00+0000"] }`),
  },
  {
    code: 'range-too-long',
    invalid: file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "campaigns", "const_date_value": "in-range", "date_param": ⟦["2015-01-01T00:00:00+0000", "2024-01-01T00:00:00+0000"]⟧ }`),
    valid: file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "campaigns", "const_date_value": "in-range", "date_param": ["2020-01-01T00:00:00+0000", "2024-01-01T00:00:00+0000"] }`),
  },
  { code: 'non-uuid-id', invalid: file(`        { "source": "tags", "field": "tag_id", "op": "ne", "value": ⟦"{tag UUID}"⟧ }`), valid: file(`        ${tag(LIST_A)}`) },
  { code: 'unknown-contact-field', invalid: file(`        { "source": "contact", "field": ⟦"shoe_size"⟧, "op": "eq", "value": "9" }`), valid: file(state('MA')) },
  { code: 'unknown-list', account: ACCOUNT, invalid: file(`        ${list(LIST_B).replace(`"${LIST_B}"`, `⟦"${LIST_B}"⟧`)}`), valid: file(`        ${list(LIST_A)}`) },
  { code: 'unknown-tag', account: ACCOUNT, invalid: file(`        ${tag(LIST_A).replace(`"${LIST_A}"`, `⟦"${LIST_A}"⟧`)}`), valid: file(`        ${tag(LIST_B)}`) },
  {
    code: 'unknown-campaign-activity',
    account: ACCOUNT,
    invalid: file(`        { "source": "tracking", "field": "opened", "op": "eq", "value": ⟦"${LIST_B}"⟧ }`),
    valid: file(`        { "source": "tracking", "field": "opened", "op": "eq", "value": "${LIST_A}" }`),
  },
];

describe('every diagnostic code', () => {
  for (const c of cases) {
    it(`${c.code}: flags exactly the marked range, and not the valid fixture`, () => {
      const { text, ranges } = marked(c.invalid);
      assert.equal(ranges.length, 1, 'one marked range per fixture');
      const found = validate(text, { account: c.account }).filter((d) => d.code === c.code);
      assert.deepEqual(found.map((d) => d.range), ranges, `diagnostics with code ${c.code}: ${JSON.stringify(found, null, 1)}`);
      assert.equal(found[0]!.severity, CODES[c.code]!.severity === 'warning' && c.account && c.code === 'unknown-contact-field' ? 'error' : CODES[c.code]!.severity);
      assert.equal(found[0]!.source, 'segment-criteria');
      const valid = validate(c.valid, { account: c.account });
      assert.deepEqual(valid.filter((d) => d.code === c.code || d.severity === 'error'), [], 'the valid fixture is clean');
    });
  }

  it('covers every registered code except too-large (tested on its own)', () => {
    const tested = new Set(cases.map((c) => c.code));
    assert.deepEqual(Object.keys(CODES).filter((c) => !tested.has(c) && c !== 'too-large'), []);
  });

  it('too-large: one note instead of diagnostics for a document over the cap', () => {
    const text = file(opened5) + ' '.repeat(10 * 1024 * 1024);
    const d = validate(text);
    assert.deepEqual(d.map((x) => x.code), ['too-large']);
  });

  it('name-too-long names the length and the limit, and carries both; the limit is the schema\'s maxLength', () => {
    const { text, ranges } = marked(file(opened5).replace('"name": "Test segment"', `"name": ⟦"${'n'.repeat(300)}"⟧`));
    const d = validate(text);
    assert.deepEqual(
      d.map((x) => [x.code, x.range, x.message, x.data]),
      [['name-too-long', ranges[0], 'The segment name is 300 characters long: Constant Contact accepts at most 255. Shorten it by 45.', { length: 300, max: 255 }]],
    );
    const schema = JSON.parse(readFileSync(new URL('../../schemas/segment.schema.json', import.meta.url), 'utf8'));
    assert.equal(schema.properties.name.maxLength, LIMITS.maxNameChars);
    assert.equal(LIMITS.maxNameChars, 255);
  });

  it('a name counts as JavaScript (and the sandbox) counts it: UTF-16 code units, an emoji two', () => {
    const emoji = '\u{1F4E7}'.repeat(128); // 128 code points, 256 code units
    const d = validate(file(opened5).replace('"name": "Test segment"', `"name": "${emoji}"`));
    assert.deepEqual(d.map((x) => [x.code, x.data]), [['name-too-long', { length: 256, max: 255 }]]);
    assert.deepEqual(validate(file(opened5).replace('"name": "Test segment"', `"name": "${emoji.slice(2)}"`)), []);
  });

  it('empty-name: a name of only whitespace, once, on the name; an empty one once too', () => {
    for (const name of ['" \\t\\n "', '"\u00a0 "', '""']) {
      const { text, ranges } = marked(file(opened5).replace('"name": "Test segment"', `"name": ⟦${name}⟧`));
      const d = validate(text);
      assert.deepEqual(d.map((x) => [x.code, x.range]), [['empty-name', ranges[0]]], name);
      assert.match(d[0]!.message, name === '""' ? /must not be empty/ : /only whitespace/);
    }
  });

  it('the signed-in check turns an unknown contact field into an error, and knows custom fields', () => {
    const t = file(`        { "source": "contact", "field": "shoe_size", "op": "eq", "value": "9" }`);
    assert.deepEqual(validate(t, { account: ACCOUNT }).filter((d) => d.code === 'unknown-contact-field'), []);
    const u = file(`        { "source": "contact", "field": "hat_size", "op": "eq", "value": "9" }`);
    assert.equal(validate(u, { account: ACCOUNT }).find((d) => d.code === 'unknown-contact-field')?.severity, 'error');
  });

  it('severity settings change or turn off a code', () => {
    const t = file(opened5.replace('"param": "5"', '"param": 6'));
    assert.equal(validate(t, { severity: { 'param-over-ui-limit': 'warning' } })[0]?.severity, 'warning');
    assert.deepEqual(validate(t, { severity: { 'param-over-ui-limit': 'off' } }), []);
  });

  it('checks inside an escaped criteria string, on the exact characters of the file', () => {
    const inner = JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'contains', value: 'MA' }] } });
    const escaped = JSON.stringify(inner);
    const at = escaped.indexOf('\\"contains\\"');
    const src = `{ "name": "x", "segment_criteria": ${escaped.slice(0, at)}⟦${'\\"contains\\"'}⟧${escaped.slice(at + '\\"contains\\"'.length)} }`;
    const { text, ranges } = marked(src);
    const d = validate(text).filter((x) => x.code === 'unknown-op');
    assert.deepEqual(d.map((x) => x.range), ranges);
  });
});
