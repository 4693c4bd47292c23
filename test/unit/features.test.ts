/** Completions, hovers, quick fixes, outline, folding, formatting and the plain-English reading. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as service from '../../server/src/language/service';
import { expandSnippet, SEGMENT_SNIPPET } from '../../server/src/language/snippets';
import type { AccountData } from '../../server/src/language/types';
import { file, marked } from '../markers';

const labels = (text: string, account?: AccountData) => {
  const m = marked(text);
  return service.complete(m.text, m.cursor!, { account }).map((i) => i.label);
};

const guideDir = new URL('../fixtures/guide/', import.meta.url).pathname;

describe('the guide', () => {
  for (const name of readdirSync(guideDir)) {
    it(`${name}: its complete example gets no error`, () => {
      const d = service.validate(readFileSync(join(guideDir, name), 'utf8'));
      assert.deepEqual(d.filter((x) => x.severity === 'error'), []);
    });
  }
});

describe('completions', () => {
  it('offers the operators of the field at an op value, and nothing else', () => {
    assert.deepEqual(labels(file(`{ "source": "contact", "field": "state", "op": "‸" }`)), ['eq', 'ne', 'starts-with', 'contains-string']);
    assert.deepEqual(labels(file(`{ "source": "tracking", "field": "opened", "op": ‸ }`)), ['eq', 'ne', 'contains-any', 'contains-all']);
    assert.deepEqual(labels(file(`{ "source": "contact", "field": "date_added", "op": "‸" }`)), ['contains-any']);
  });

  it('replaces the whole string at the cursor, quotes included', () => {
    const m = marked(file(`{ "source": "contact", "field": "state", "op": ⟦"e‸q"⟧ }`));
    const items = service.complete(m.text, m.cursor!);
    assert.deepEqual(items[0]!.range, m.ranges[0]);
    assert.equal(items[0]!.insertText, '"eq"');
  });

  it('offers fields per source, and custom fields when signed in', () => {
    assert.deepEqual(labels(file(`{ "source": "tracking", "field": "‸" }`)), ['sent', 'not_sent', 'opened', 'not_opened', 'clicked', 'not_clicked']);
    assert.ok(labels(file(`{ "source": "contact", "field": "‸" }`), { customFields: [{ name: 'shoe_size' }] }).includes('shoe_size'));
  });

  it('offers const_value per field and operator', () => {
    assert.deepEqual(labels(file(`{ "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "‸" }`)), ['last-n-campaigns', 'campaigns']);
    assert.deepEqual(labels(file(`{ "source": "contact", "field": "state", "op": "eq", "const_value": "‸" }`)), ['blank']);
    assert.deepEqual(labels(file(`{ "source": "tags", "field": "tag_id", "op": "eq", "const_value": "‸" }`)), ['none']);
    assert.deepEqual(labels(file(`{ "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "campaigns", "const_date_value": "‸" }`)), ['in-range', 'last-n-days']);
  });

  it('offers only the sources that may join there', () => {
    const inOr = file(`{ "type": "or", "group": [ { "source": "contact", "field": "state", "op": "eq", "value": "MA" }, { "source": "‸" } ] }`);
    assert.deepEqual(labels(inOr), ['contact']);
    const underAnd = file(`{ "source": "list_membership", "field": "list_id", "op": "eq", "const_value": "none" },\n{ "source": "‸" }`);
    assert.deepEqual(labels(underAnd), ['tracking', 'contact', 'tags']);
  });

  it('offers the keys valid in a criterion, given its operator and const_value', () => {
    assert.deepEqual(labels(file(`{ "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns", ‸ }`)), ['param', 'const_date_value']);
    assert.deepEqual(labels(file(`{ "source": "contact", "field": "state", "op": "starts-with", ‸ }`)), ['value']);
    assert.deepEqual(labels(file(`{ "source": "contact", "field": "state", "op": "eq", ‸ }`)), ['value', 'const_value']);
    assert.deepEqual(labels(file(`{ ‸ }`)), ['source', 'type', 'group']);
  });

  it('offers the top-level keys of a file that are not there yet', () => {
    assert.deepEqual(labels(`{ "name": "x", ‸ }`), ['segment_criteria', '$schema']);
  });

  it('offers "and" at the top and only "or" for a nested group', () => {
    assert.deepEqual(labels(file('').replace('"type": "and"', '"type": "‸"')), ['and']);
    assert.deepEqual(labels(file(`{ "type": "‸", "group": [] }`)), ['or']);
  });

  it('offers whole-criterion snippets in a member list, without a second list group', () => {
    const all = labels(file('‸'));
    assert.ok(all.includes('tracking: last N campaigns'));
    assert.ok(all.includes('list membership: "or" group of lists'));
    assert.ok(all.includes('contact: added in a date range'));
    const withList = labels(file(`{ "source": "list_membership", "field": "list_id", "op": "eq", "const_value": "none" },\n‸`));
    assert.ok(!withList.includes('list membership: "or" group of lists'));
  });

  it('offers a whole segment in an empty document, inserted at the cursor, valid with its defaults', () => {
    for (const src of ['⟦‸⟧', '\n  ⟦‸⟧\n', '\uFEFF⟦‸⟧']) {
      const m = marked(src);
      const items = service.complete(m.text, m.cursor!);
      assert.deepEqual(items.map((i) => [i.label, i.kind, i.snippet]), [['New segment', 'snippet', true]], JSON.stringify(src));
      assert.deepEqual(items[0]!.range, m.ranges[0]);
      assert.equal(items[0]!.insertText, SEGMENT_SNIPPET.body);
      assert.deepEqual(service.validate(expandSnippet(items[0]!.insertText)), []);
    }
    assert.ok(!labels(`{ ‸ }`).includes('New segment'));
  });

  it('offers the account\'s lists by name and inserts their id', () => {
    const m = marked(file(`{ "source": "list_membership", "field": "list_id", "op": "eq", "value": "‸" }`));
    const items = service.complete(m.text, m.cursor!, { account: { lists: [{ id: 'abc', name: 'Newsletter' }] } });
    assert.deepEqual(items.map((i) => [i.label, i.insertText]), [['Newsletter', '"abc"']]);
  });
});

describe('hovers', () => {
  const at = (text: string, account?: AccountData) => {
    const m = marked(text);
    return service.hover(m.text, m.cursor!, { account });
  };

  it('explains an operator, on its exact range', () => {
    const m = marked(file(`{ "source": "contact", "field": "state", "op": ⟦"starts-wi‸th"⟧, "value": "dir" }`));
    const h = service.hover(m.text, m.cursor!);
    assert.match(h!.contents, /case-insensitive/);
    assert.deepEqual(h!.range, m.ranges[0]);
  });

  it('explains sources, fields and constants from the guide', () => {
    assert.match(at(file(`{ "source": "list_memb‸ership", "field": "list_id", "op": "eq", "const_value": "none" }`))!.contents, /every contact in the account is evaluated/);
    assert.match(at(file(`{ "source": "tracking", "field": "not_op‸ened", "op": "contains-all", "const_value": "last-n-campaigns", "param": 5 }`))!.contents, /did not open/);
    assert.match(at(file(`{ "source": "contact", "field": "state", "op": "eq", "const_value": "bla‸nk" }`))!.contents, /whitespace/);
  });

  it('reads the whole criteria in plain English', () => {
    const text = file(
      `{ "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns", "param": "5" },
       { "type": "or", "group": [ { "source": "contact", "field": "state", "op": "eq", "value": "MA" }, { "source": "contact", "field": "state", "op": "eq", "value": "RI" } ] }`,
    ).replace('"type": "and"', '"type": "a‸nd"');
    assert.equal(at(text)!.contents.split('\n')[0], '**Selects:** Contacts who opened any of the last 5 campaigns and whose state is MA or RI.');
  });

  it('reads the negative tracking fields over several campaigns so that who is counted is plain', () => {
    const read = (field: string, op: string) => service.describe(file(`{ "source": "tracking", "field": "${field}", "op": "${op}", "const_value": "last-n-campaigns", "param": 3 }`));
    assert.equal(read('not_opened', 'contains-all'), 'Contacts who were sent each of the last 3 campaigns and opened none of them.');
    assert.equal(read('not_opened', 'contains-any'), 'Contacts who were sent at least one of the last 3 campaigns and did not open it.');
    assert.equal(read('not_clicked', 'contains-all'), 'Contacts who were sent each of the last 3 campaigns and clicked none of them.');
    assert.equal(read('not_clicked', 'contains-any'), 'Contacts who were sent at least one of the last 3 campaigns and did not click it.');
    assert.equal(read('not_sent', 'contains-all'), 'Contacts who were sent none of the last 3 campaigns.');
    assert.equal(read('not_sent', 'contains-any'), 'Contacts who were not sent at least one of the last 3 campaigns.');
    assert.equal(read('opened', 'contains-all'), 'Contacts who opened each of the last 3 campaigns.');
    // A comma shows where a criterion that says "and" itself ends.
    const two = file(`{ "source": "tracking", "field": "not_opened", "op": "contains-all", "const_value": "last-n-campaigns", "param": 3 },
      { "source": "contact", "field": "state", "op": "eq", "value": "MA" }`);
    assert.equal(service.describe(two), 'Contacts who were sent each of the last 3 campaigns and opened none of them, and whose state is MA.');
  });

  it('reads one campaign, blanks and negations with who they count', () => {
    const read = (criterion: string) => service.describe(file(criterion));
    assert.equal(read(`{ "source": "tracking", "field": "not_opened", "op": "eq", "value": "a1" }`), 'Contacts who were sent campaign activity a1 and did not open it.');
    assert.equal(read(`{ "source": "tracking", "field": "opened", "op": "ne", "value": "a1" }`), 'Contacts who were not sent campaign activity a1 or did not open it.');
    assert.equal(read(`{ "source": "contact", "field": "email_address", "op": "ne", "const_value": "blank" }`), 'Contacts who have an email address.');
    assert.equal(read(`{ "source": "contact", "field": "title", "op": "ne", "const_value": "blank" }`), 'Contacts who have a job title.');
    assert.equal(read(`{ "source": "contact", "field": "state", "op": "ne", "value": "MA" }`), 'Contacts whose state is not MA or is blank.');
    assert.equal(read(`{ "source": "contact", "field": "state", "op": "eq", "value": "MA" }`), 'Contacts whose state is MA.');
    // A web-UI criterion this product does not read is named, with no claim about who it selects.
    assert.equal(read(`{ "source": "ecommerce_activity", "field": "purchased_product", "op": "contains-any", "product_ids": ["sku-1"] }`), 'Contacts who match the ecommerce_activity criterion, as Constant Contact reads it (not checked here).');
  });

  it('does not join negations by value: an "or" of two "ne" selects almost everybody', () => {
    const text = file(`{ "type": "or", "group": [ { "source": "tags", "field": "tag_id", "op": "ne", "value": "t1" }, { "source": "tags", "field": "tag_id", "op": "ne", "value": "t2" } ] }`);
    assert.equal(service.describe(text), 'Contacts who (are not tagged t1 or are not tagged t2).');
  });

  it('says which meaning it assumes where Constant Contact publishes none', () => {
    const notOpened = `{ "source": "tracking", "field": "not_opened", "op": "contains-a‸ll", "const_value": "last-n-campaigns", "param": 3 }`;
    const op = at(file(notOpened))!.contents;
    assert.match(op, /Here: contacts who were sent each of the last 3 campaigns and opened none of them\./);
    assert.match(op, /\*Assumed:\* Constant Contact does not publish/);
    assert.match(at(file(notOpened.replace('‸', '')).replace('"type": "and"', '"type": "a‸nd"'))!.contents, /\*Assumed:\*/);
    assert.match(at(file(notOpened.replace('‸', '').replace('not_opened', 'not_op‸ened')))!.contents, /does not publish/);
    const opened = at(file(notOpened.replace('not_opened', 'opened')))!.contents;
    assert.match(opened, /Here: contacts who opened each of the last 3 campaigns\./);
    assert.doesNotMatch(opened, /Assumed/);
  });

  it('names the list behind an id when signed in', () => {
    const h = at(file(`{ "source": "list_membership", "field": "list_id", "op": "eq", "value": "ab‸c" }`), { lists: [{ id: 'abc', name: 'Newsletter' }] });
    assert.match(h!.contents, /Newsletter/);
  });
});

describe('quick fixes', () => {
  const fix = (text: string, code: string, title?: RegExp) => {
    const d = service.validate(text).filter((x) => x.code === code);
    assert.ok(d.length > 0, `expected a ${code} diagnostic`);
    const actions = service.codeActions(text, d).filter((a) => !title || title.test(a.title));
    assert.ok(actions.length > 0, `expected a fix for ${code}`);
    return { action: actions[0]!, result: service.applyEdits(text, actions[0]!.edits) };
  };
  const clean = (text: string) => service.validate(text).filter((d) => d.severity === 'error');

  it('wraps a top-level "or" in an "and"', () => {
    const text = file(`        { "source": "contact", "field": "state", "op": "eq", "value": "MA" }`).replace('"type": "and"', '"type": "or"');
    const { result, action } = fix(text, 'top-not-and');
    assert.equal(action.isPreferred, true);
    assert.deepEqual(clean(result), []);
    assert.match(result, /"type": "and",\s*"group": \[\s*\{\s*"type": "or"/);
  });

  it('merges a second list criterion into one "or" group, never preferred, saying it widens', () => {
    const a = '{ "source": "list_membership", "field": "list_id", "op": "eq", "value": "4c08372c-957a-48b5-bc45-72c7f00796cd" }';
    const b = '{ "source": "list_membership", "field": "list_id", "op": "eq", "value": "8c04262c-957a-48b5-bc45-72c7f00886dc" }';
    const text = file(`        ${a},\n        { "source": "contact", "field": "state", "op": "eq", "value": "MA" },\n        ${b}`);
    const { action, result } = fix(text, 'repeated-list-membership');
    assert.equal(action.isPreferred, false);
    assert.match(action.title, /widens the selection/);
    assert.deepEqual(service.validate(result).filter((d) => d.severity !== 'info'), []);
    const parsed = JSON.parse(result);
    assert.equal(parsed.segment_criteria.criteria.group.length, 2);
    assert.equal(parsed.segment_criteria.criteria.group[0].type, 'or');
    assert.equal(parsed.segment_criteria.criteria.group[0].group.length, 2);
  });

  it('flattens "or" in "or" and "and" in "and", keeping comments', () => {
    const text = file(`        { "type": "or", "group": [ { "type": "or", "group": [ // MA first
          { "source": "contact", "field": "state", "op": "eq", "value": "MA" } ] }, { "source": "contact", "field": "state", "op": "eq", "value": "RI" } ] }`);
    const { result } = fix(text, 'or-in-or');
    assert.deepEqual(service.validate(result), []);
    assert.match(result, /\/\/ MA first/);
    const t2 = file(`        { "type": "and", "group": [ { "source": "contact", "field": "state", "op": "eq", "value": "MA" } ] }`);
    assert.deepEqual(service.validate(fix(t2, 'and-in-and').result), []);
  });

  it('corrects an unknown field or operator to the close known one', () => {
    const t = file(`        { "source": "tracking", "field": "openned", "op": "contians-any", "const_value": "last-n-campaigns", "param": 5 }`);
    const r1 = fix(t, 'unknown-field').result;
    assert.match(r1, /"field": "opened"/);
    const r2 = fix(r1, 'unknown-op').result;
    assert.deepEqual(clean(r2), []);
  });

  it('turns an escaped criteria string into readable JSON', () => {
    const inner = JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'MA' }] } });
    const text = `{\n  "name": "x",\n  "segment_criteria": ${JSON.stringify(inner)}\n}\n`;
    const { result } = fix(text, 'criteria-as-string');
    assert.deepEqual(service.validate(result), []);
    assert.deepEqual(JSON.parse(result).segment_criteria, JSON.parse(inner));
  });

  it('turns the guide\'s {name, criteria} request into the file shape', () => {
    const text = `{\n"name": "Opened last five campaigns",\n"criteria":\n{\n"type": "and",\n"group": [\n{\n"source": "tracking",\n"field": "opened",\n"op": "contains-any",\n"const_value": "last-n-campaigns",\n"param": "5"\n}\n]\n}\n}\n`;
    const { result } = fix(text, 'request-shape');
    assert.deepEqual(service.validate(result), []);
    assert.equal(JSON.parse(result).segment_criteria.version, '1.0.0');
  });

  it('turns the guide\'s fragments into files', () => {
    const frag = `"criteria": {\n"type": "and",\n"group": [\n{ "source": "contact", "field": "state", "op": "eq", "value": "Massachusetts" }\n]\n}`;
    assert.deepEqual(service.validate(fix(frag, 'fragment-shape').result), []);
    const tree = `{ "type": "and", "group": [ { "source": "contact", "field": "state", "op": "eq", "value": "MA" } ] }`;
    assert.deepEqual(service.validate(fix(tree, 'fragment-shape').result), []);
  });

  it('fills an empty document with a whole segment, two-space indented, keeping a byte order mark', () => {
    for (const src of ['⟦⟧', '⟦  \n\n⟧', '\uFEFF⟦\n⟧']) {
      const m = marked(src);
      const d = service.validate(m.text);
      assert.deepEqual(d.map((x) => [x.code, x.data]), [['empty-document', { fix: 'new-segment' }]]);
      const actions = service.codeActions(m.text, d);
      assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Insert a new segment (name and criteria)', true]]);
      assert.deepEqual(actions[0]!.edits.map((e) => e.range), [m.ranges[0]]);
      const result = service.applyEdits(m.text, actions[0]!.edits);
      assert.deepEqual(service.validate(result), []);
      assert.ok(result.startsWith(`${m.text.startsWith('\uFEFF') ? '\uFEFF' : ''}{\n  "name": "My first segment",\n  "segment_criteria": {\n    "version"`), result);
      assert.match(result, /"field": "opened"/);
    }
  });

  it('adds a missing version, moves days from value to date_param, removes a key not allowed', () => {
    const noVersion = file(`        { "source": "contact", "field": "state", "op": "eq", "value": "MA" }`).replace('"version": "1.0.0",', '');
    assert.deepEqual(service.validate(fix(noVersion, 'missing-version').result), []);
    const days = file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "campaigns", "value": "90" }`);
    assert.deepEqual(service.validate(fix(days, 'days-in-value').result), []);
    const extra = file(`        { "source": "tags", "field": "tag_id", "op": "eq", "const_value": "none", "value": "x" }`);
    assert.deepEqual(service.validate(fix(extra, 'key-not-allowed').result), []);
  });
});

describe('outline, folding, formatting', () => {
  const text = file(`        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns", "param": "5" },
        { "type": "or", "group": [ { "source": "contact", "field": "state", "op": "eq", "value": "MA" }, { "source": "contact", "field": "state", "op": "eq", "value": "RI" } ] }`);

  it('shows the tree in plain words', () => {
    const s = service.documentSymbols(text);
    assert.equal(s[0]!.name, 'Segment: Test segment');
    assert.deepEqual(s[1]!.children.map((c) => c.name), ['opened any of the last 5 campaigns', 'any of (or)']);
    assert.deepEqual(s[1]!.children[1]!.children.map((c) => c.name), ['whose state is MA', 'whose state is RI']);
  });

  it('folds objects and arrays that span lines', () => {
    const f = service.folding(text);
    assert.deepEqual(f[0], { startLine: 0, endLine: 11 });
  });

  it('formats with jsonc-parser, keeping comments', () => {
    const messy = '{"name":"x", // keep me\n"segment_criteria":{"version":"1.0.0","criteria":{"type":"and","group":[]}}}';
    const out = service.applyEdits(messy, service.format(messy, { tabSize: 2, insertSpaces: true }));
    assert.match(out, /\/\/ keep me/);
    assert.match(out, /^\{\n {2}"name": "x",/);
    assert.ok(out.endsWith('}\n'));
  });
});

describe('a document that starts with a byte order mark (U+FEFF), as VS Code accepts one', () => {
  const BOM = '\uFEFF';
  const plain = file(`        { "source": "contact", "field": "state", "op": "contains", "value": "MA" }`);
  const shift = (d: service.SegmentDiagnostic[]) => d.map((x) => ({ ...x, range: { start: { ...x.range.start, character: x.range.start.character + (x.range.start.line === 0 ? 1 : 0) }, end: { ...x.range.end, character: x.range.end.character + (x.range.end.line === 0 ? 1 : 0) } } }));

  it('gets the diagnostics of the same text without it, at the document\'s own positions', () => {
    assert.deepEqual(service.validate(BOM + plain), service.validate(plain));
    const oneLine = '{"name": 5, "segment_criteria": {"version": "1.0.0", "criteria": {"type": "and", "group": []}}}';
    assert.deepEqual(service.validate(BOM + oneLine), shift(service.validate(oneLine)));
    assert.deepEqual(service.validate(BOM).map((d) => d.code), ['empty-document']);
  });

  it('keeps the mark when formatting, and reads, outlines and hovers as without it', () => {
    const messy = '{"name":"x","segment_criteria":{"version":"1.0.0","criteria":{"type":"and","group":[]}}}';
    const formatted = service.applyEdits(BOM + messy, service.format(BOM + messy, { tabSize: 2, insertSpaces: true }));
    assert.equal(formatted, BOM + service.applyEdits(messy, service.format(messy, { tabSize: 2, insertSpaces: true })));
    assert.equal(service.documentSymbols(BOM + plain)[0]!.name, 'Segment: Test segment');
    assert.equal(service.describe(BOM + plain), service.describe(plain));
    assert.match(service.hover(BOM + messy, { line: 0, character: 4 })!.contents, /segment's name/);
  });
});

describe('completion filtering', () => {
  it('every item matches what its range replaces up to the cursor (editors filter on that text)', () => {
    for (const src of [
      file(`{ "source": "contact", "field": "state", "op": "‸" }`),
      file(`{ "source": "‸" }`),
      file(`{ "‸" }`),
      `{ "name": "x", "‸" }`,
    ]) {
      const m = marked(src);
      const items = service.complete(m.text, m.cursor!);
      assert.ok(items.length > 0, src);
      for (const i of items) {
        const typed = m.text.slice(lineOffset(m.text, i.range.start), lineOffset(m.text, m.cursor!));
        const filter = (i.filterText ?? i.label).toLowerCase();
        assert.ok(fuzzy(typed.toLowerCase(), filter), `${i.label}: filter ${JSON.stringify(filter)} vs typed ${JSON.stringify(typed)}`);
      }
    }
    const m = marked(file(`{ "source": "contact", "field": "state", "op": "e‸" }`));
    const typed = '"e';
    const shown = service.complete(m.text, m.cursor!).filter((i) => fuzzy(typed, (i.filterText ?? i.label).toLowerCase()));
    assert.deepEqual(shown.map((i) => i.label), ['eq', 'ne']);
  });
});

/** VS Code's matching, roughly: the first typed character starts the filter text, the rest follow in order. */
function fuzzy(typed: string, filter: string): boolean {
  if (typed === '') return true;
  if (filter[0] !== typed[0]) return false;
  let at = 1;
  for (const ch of typed.slice(1)) {
    at = filter.indexOf(ch, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

function lineOffset(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}
