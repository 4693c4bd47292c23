/**
 * Criteria this product does not know (the web UI's ecommerce criteria) are one warning and are never
 * rewritten; near misses of known words (typos, and synonyms such as "equals") are errors with a fix;
 * the strict setting makes the warning an error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { uncheckedNote as terminalNote } from '../../cli/src/commands/preview';
import { uncheckedNote as panelNote } from '../../client/src/preview/uncheckedNote';
import { previewHtml } from '../../client/src/preview/html';
import * as service from '../../server/src/language/service';
import { OPS, SYNONYMS } from '../../server/src/language/vocabulary';
import { file, marked } from '../markers';

const webUi = readFileSync(new URL('../fixtures/web-ui/bought-and-opened.segment.json', import.meta.url), 'utf8');
const ecommerce = '{ "source": "ecommerce_activity", "field": "purchased_product", "op": "contains-any", "product_ids": ["sku-1017"], "min_amount": 10.50 }';
const state = (op: string) => `{ "source": "contact", "field": "state", "op": "${op}", "value": "MA" }`;

/** The one fix offered for the diagnostic of `code`, applied. */
function fixed(text: string, code: string): { title: string; text: string } {
  const d = service.validate(text).filter((x) => x.code === code);
  assert.equal(d.length, 1, `one ${code}: ${JSON.stringify(service.validate(text), null, 1)}`);
  const actions = service.codeActions(text, d);
  assert.equal(actions.length, 1, `one fix for ${code}`);
  return { title: actions[0]!.title, text: service.applyEdits(text, actions[0]!.edits) };
}

describe('a source this product does not know', () => {
  it('is one warning on its source, and nothing else about the criterion is reported', () => {
    const m = marked(file(`        { "source": ⟦"ecommerce_activity"⟧, "field": 7, "op": "bought", "product_ids": ["a"], "value": 3, "date_param": { "since": 90 } }`));
    const d = service.validate(m.text);
    assert.deepEqual(d.map((x) => [x.code, x.severity, x.range]), [['unchecked-source', 'warning', m.ranges[0]]]);
    assert.match(d[0]!.message, /"ecommerce_activity" is not a source this product knows .*not checked here and is kept exactly as written: Constant Contact checks it on deploy\./);
    assert.deepEqual(d[0]!.data, { source: 'ecommerce_activity' });
  });

  it('may have a "type" key of its own: a source makes it a criterion, not a group', () => {
    const m = marked(file(`        { "source": ⟦"ecommerce_activity"⟧, "type": "purchase", "product_ids": ["a"] }`));
    assert.deepEqual(service.validate(m.text).map((x) => [x.code, x.range]), [['unchecked-source', m.ranges[0]]]);
    const known = service.validate(file(`        { "source": "contact", "type": "x", "field": "state", "op": "eq", "value": "MA" }`));
    assert.deepEqual(known.map((x) => [x.code, x.message]), [['unknown-key', 'Unknown key "type" in a criterion. Keys of a criterion: source, field, op, value, const_value, param, const_date_value, date_param.']]);
  });

  it('its hover says it is not checked here', () => {
    const m = marked(file(`        { "source": "ecommerce_act‸ivity", "field": "purchased_product" }`));
    assert.match(service.hover(m.text, m.cursor!)!.contents, /^A source this product does not know\. .*Constant Contact checks it on deploy\./);
  });

  it('is reported inside an escaped criteria string too, on its exact characters', () => {
    const inner = JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [JSON.parse(ecommerce)] } });
    const escaped = JSON.stringify(inner);
    const word = '\\"ecommerce_activity\\"';
    const at = escaped.indexOf(word);
    const m = marked(`{ "name": "x", "segment_criteria": ${escaped.slice(0, at)}⟦${word}⟧${escaped.slice(at + word.length)} }`);
    const d = service.validate(m.text).filter((x) => x.code !== 'criteria-as-string');
    assert.deepEqual(d.map((x) => [x.code, x.range]), [['unchecked-source', m.ranges[0]]]);
  });

  it('a segment pulled from the web UI checks without an error', () => {
    const d = service.validate(webUi);
    assert.deepEqual(d.filter((x) => x.severity === 'error'), []);
    assert.deepEqual(d.map((x) => x.code), ['unchecked-source']);
    assert.deepEqual(service.uncheckedCriteria(webUi), [{ source: 'ecommerce_activity', line: 9 }]);
  });

  it('strict makes it an error, whatever the severity setting says', () => {
    const text = file(`        ${ecommerce}`);
    assert.deepEqual(service.validate(text, { strict: true }).map((x) => [x.code, x.severity]), [['unchecked-source', 'error']]);
    assert.deepEqual(service.validate(text, { strict: true, severity: { 'unchecked-source': 'off' } }).map((x) => x.severity), ['error']);
    assert.deepEqual(service.validate(text, { severity: { 'unchecked-source': 'off' } }), []);
    assert.deepEqual(service.validate(text, { strict: false }).map((x) => x.severity), ['warning']);
  });

  it('gets no quick fix, and formatting leaves its text as written', () => {
    const text = file(`        {"source":"ecommerce_activity",  "product_ids":[ "a","b" ],"min_amount":10.50},\n        {"source":"contact","field":"state","op":"eq","value":"MA"}`);
    assert.deepEqual(service.codeActions(text, service.validate(text)), []);
    const out = service.applyEdits(text, service.format(text, { tabSize: 2, insertSpaces: true }));
    assert.ok(out.includes('{"source":"ecommerce_activity",  "product_ids":[ "a","b" ],"min_amount":10.50}'), out);
    assert.match(out, /\{\n\s+"source": "contact",\n/, 'the criteria it knows are formatted');
  });

  it('quick fixes elsewhere leave it as written', () => {
    const text = file(`        ${ecommerce},\n        ${state('equals')}`);
    const r = fixed(text, 'unknown-op');
    assert.ok(r.text.includes(ecommerce));
    assert.ok(r.text.includes(state('eq')));
  });

  it('an unknown contact field stays a warning with no fix, as before', () => {
    const text = file(`        { "source": "contact", "field": "shoe_size", "op": "eq", "value": "9" }`);
    const d = service.validate(text);
    assert.deepEqual(d.map((x) => [x.code, x.severity]), [['unknown-contact-field', 'warning']]);
    assert.deepEqual(service.codeActions(text, d), []);
  });

  it('unknown operators and const_values of known sources and fields stay errors', () => {
    const op = service.validate(file(`        ${state('like')}`));
    assert.deepEqual(op.map((x) => [x.code, x.severity]), [['unknown-op', 'error']]);
    const cv = service.validate(file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "purchases" }`));
    assert.deepEqual(cv.map((x) => [x.code, x.severity]), [['invalid-const-value', 'error']]);
    const field = service.validate(file(`        { "source": "tracking", "field": "forwarded", "op": "eq", "value": "4c08372c-957a-48b5-bc45-72c7f00796cd" }`));
    assert.deepEqual(field.map((x) => [x.code, x.severity]), [['unknown-field', 'error']]);
  });
});

describe('near misses of known words are errors with a fix', () => {
  const opened = (source: string) => `{ "source": "${source}", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns", "param": "5" }`;

  for (const [written, meant] of [['trackng', 'tracking'], ['Tracking', 'tracking'], ['email activity', 'tracking']] as const) {
    it(`source "${written}" is "${meant}"`, () => {
      const m = marked(file(`        ${opened(written).replace(`"${written}"`, `⟦"${written}"⟧`)}`));
      const d = service.validate(m.text);
      assert.deepEqual(d.map((x) => [x.code, x.severity, x.range]), [['unknown-source', 'error', m.ranges[0]]]);
      const r = fixed(m.text, 'unknown-source');
      assert.equal(r.title, `Change to "${meant}"`);
      assert.deepEqual(service.validate(r.text), []);
    });
  }

  it('source "list" and "tag" are list_membership and tags', () => {
    const list = file(`        { "source": "list", "field": "list_id", "op": "eq", "const_value": "none" }`);
    assert.equal(fixed(list, 'unknown-source').title, 'Change to "list_membership"');
    const tag = file(`        { "source": "tag", "field": "tag_id", "op": "eq", "const_value": "none" }`);
    assert.deepEqual(service.validate(fixed(tag, 'unknown-source').text), []);
  });

  for (const [written, meant] of [
    ['equals', 'eq'],
    ['not equals', 'ne'],
    ['Not_Equals', 'ne'],
    ['does not equal', 'ne'],
    ['!=', 'ne'],
    ['contains', 'contains-string'],
    ['starts with', 'starts-with'],
    ['StartsWith', 'starts-with'],
    ['begins with', 'starts-with'],
  ] as const) {
    it(`operator "${written}" is "${meant}"`, () => {
      const m = marked(file(`        ${state(written).replace(`"${written}"`, `⟦"${written}"⟧`)}`));
      const d = service.validate(m.text);
      assert.deepEqual(d.map((x) => [x.code, x.severity, x.range]), [['unknown-op', 'error', m.ranges[0]]]);
      assert.equal((d[0]!.data as { suggestion?: string }).suggestion, meant);
      const r = fixed(m.text, 'unknown-op');
      assert.equal(r.title, `Change to "${meant}"`);
      assert.deepEqual(service.validate(r.text), []);
    });
  }

  it('"any of" and "all of" on tracking fields', () => {
    const t = (op: string) => file(`        { "source": "tracking", "field": "opened", "op": "${op}", "const_value": "last-n-campaigns", "param": "5" }`);
    assert.equal(fixed(t('any of'), 'unknown-op').title, 'Change to "contains-any"');
    assert.equal(fixed(t('all of'), 'unknown-op').title, 'Change to "contains-all"');
  });

  it('a synonym for an operator the field does not take gets no fix', () => {
    const text = file(`        { "source": "tracking", "field": "opened", "op": "contains", "const_value": "last-n-campaigns", "param": "5" }`);
    const d = service.validate(text).filter((x) => x.code === 'unknown-op');
    assert.equal(d.length, 1);
    assert.deepEqual(service.codeActions(text, d), []);
  });
});

describe('one table of synonyms', () => {
  it('completion shows each operator beside the first of its words in the table', () => {
    const m = marked(file(`{ "source": "contact", "field": "state", "op": "‸" }`));
    const items = service.complete(m.text, m.cursor!);
    assert.deepEqual(items.map((i) => [i.label, i.detail]), ['eq', 'ne', 'starts-with', 'contains-string'].map((op) => [op, SYNONYMS.op[op as keyof typeof SYNONYMS.op][0]]));
    for (const o of OPS) assert.equal(o.label, SYNONYMS.op[o.id][0]);
  });

  it('every synonym of an operator is fixed to it, on a field that takes it', () => {
    for (const [op, words] of Object.entries(SYNONYMS.op)) {
      const tracking = op === 'contains-any' || op === 'contains-all';
      for (const w of words) {
        const text = tracking
          ? file(`        { "source": "tracking", "field": "opened", "op": ${JSON.stringify(w)}, "const_value": "last-n-campaigns", "param": "5" }`)
          : file(`        { "source": "contact", "field": "state", "op": ${JSON.stringify(w)}, "value": "MA" }`);
        const d = service.validate(text).find((x) => x.code === 'unknown-op');
        assert.equal((d?.data as { suggestion?: string } | undefined)?.suggestion, op, `${w} -> ${op}`);
      }
    }
  });

  it('every synonym of a source is a near miss, never left unchecked', () => {
    for (const [source, words] of Object.entries(SYNONYMS.source)) {
      for (const w of words) {
        const d = service.validate(file(`        { "source": ${JSON.stringify(w)}, "field": "x", "op": "eq", "value": "y" }`));
        assert.equal(d.find((x) => x.code === 'unknown-source')?.data && (d.find((x) => x.code === 'unknown-source')!.data as { suggestion?: string }).suggestion, source, w);
        assert.ok(!d.some((x) => x.code === 'unchecked-source'), w);
      }
    }
  });
});

describe('the preview note', () => {
  it('names what the sandbox could not evaluate, from the file\'s own warnings, in the terminal', () => {
    const unchecked = service.uncheckedCriteria(webUi);
    assert.equal(
      terminalNote(unchecked, true),
      'The sandbox could not evaluate a criterion of this segment (source "ecommerce_activity" at line 9), so it selects nobody here; Constant Contact evaluates it.',
    );
    assert.equal(terminalNote(unchecked, false), 'This segment has a criterion that this product does not check (source "ecommerce_activity" at line 9); Constant Contact evaluates it.');
    assert.match(terminalNote([...unchecked, { source: 'shop', line: 20 }], true)!, /could not evaluate 2 criteria of this segment \(source "ecommerce_activity" at line 9, source "shop" at line 20\)/);
    assert.equal(terminalNote(service.uncheckedCriteria(file(`        ${state('eq')}`)), true), undefined);
  });

  it('and in the preview panel, pointing to the editor\'s warnings', () => {
    const unchecked = service.uncheckedCriteria(webUi);
    assert.equal(
      panelNote(unchecked, true),
      'The sandbox cannot evaluate source "ecommerce_activity" (line 9), so it selects nobody for this segment. Constant Contact evaluates it; the editor marks it with a warning.',
    );
    assert.equal(panelNote(unchecked, false), 'Constant Contact evaluates source "ecommerce_activity" (line 9), which this extension does not check; the editor marks it with a warning.');
    const three = [...unchecked, { source: 'shop', line: 20 }, { source: 'web', line: 31 }];
    assert.equal(
      panelNote(three, true),
      'The sandbox cannot evaluate source "ecommerce_activity" (line 9), source "shop" (line 20) and source "web" (line 31), so it selects nobody for this segment. Constant Contact evaluates them; the editor marks them with a warning.',
    );
    assert.equal(panelNote([], true), undefined);
  });

  it('the preview panel has a place for it, written as text', () => {
    const html = previewHtml('abcdefghijklmnop');
    assert.match(html, /<p class="note" id="note" hidden><\/p>/);
    assert.match(html, /\$\('note'\)\.textContent = m\.note \|\| '';/);
  });
});
