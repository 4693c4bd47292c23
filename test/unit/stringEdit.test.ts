/**
 * An edit inside one string value reuses the previous tree: the result must be exactly what parsing the new
 * text gives (tree, shape, group tree, diagnostics), and any other edit must be left to the parser.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Node } from 'jsonc-parser';
import { collectProblems, toDiagnostics } from '../../server/src/language/diagnostics';
import { type GroupNode, parseSegmentDocument, type SegmentDocument } from '../../server/src/language/document';
import { ParseCache } from '../../server/src/language/parseCache';
import { reparseStringEdit } from '../../server/src/language/stringEdit';

function tree(node: Node | undefined, parent?: Node): unknown {
  if (!node) return undefined;
  assert.equal(node.parent, parent, `the parent of the ${node.type} at ${node.offset}`);
  return { type: node.type, offset: node.offset, length: node.length, value: node.value, colonOffset: node.colonOffset, children: node.children?.map((c) => tree(c, node)) };
}

function groups(g: GroupNode | undefined): unknown {
  if (!g) return undefined;
  return {
    type: g.type,
    at: [g.node.offset, g.node.length],
    members: g.members.map((m) => (m.kind === 'group' ? groups(m) : { at: [m.node.offset, m.node.length], props: [...m.props].map(([k, v]) => [k, v.offset, v.value]) })),
  };
}

/** A document as the server has it after a check: its tree, the values the check read, and its line starts. */
function checked(text: string): SegmentDocument {
  const doc = parseSegmentDocument(text);
  collectProblems(doc);
  doc.lines.positionAt(text.length);
  return doc;
}

/** Every line's start offset, as the index has them. */
function lineStarts(doc: SegmentDocument): number[] {
  const end = doc.lines.positionAt(doc.text.length).line;
  return Array.from({ length: end + 1 }, (_, line) => doc.lines.offsetAt({ line, character: 0 }));
}

function same(actual: SegmentDocument, text: string): void {
  const expected = parseSegmentDocument(text);
  assert.equal(actual.text, text);
  assert.equal(actual.shape, expected.shape);
  assert.deepEqual(tree(actual.outer.root), tree(expected.outer.root));
  assert.deepEqual(groups(actual.top), groups(expected.top));
  assert.deepEqual(lineStarts(actual), lineStarts(expected));
  assert.deepEqual(toDiagnostics(actual, collectProblems(actual)), toDiagnostics(expected, collectProblems(expected)));
  // The values moved along with the tree are the new text's.
  if (actual.values && actual.outer.root) assert.deepEqual(actual.values.of(actual.outer, actual.outer.root), expected.outer.clean ? JSON.parse(text) : actual.values.of(actual.outer, actual.outer.root));
}

const value = fc.stringMatching(/^[A-Za-z0-9 @.,:{}[\]-]{0,12}$/);
// Values JSON writes with escapes: a quote, a backslash, a line break, a control character.
const escapedValue = fc.stringMatching(/^[A-Za-z0-9 "\\\n\u0001é-]{0,12}$/);
const fileOf = (values: fc.Arbitrary<string>) => {
  const criterion = fc.record({
    source: fc.constantFrom('contact', 'list_membership', 'tags', 'tracking'),
    field: fc.constantFrom('city', 'state', 'list_id', 'tag_id', 'opened'),
    op: fc.constantFrom('eq', 'ne', 'contains-any'),
    value: values,
  });
  return fc.tuple(values, fc.array(criterion, { minLength: 1, maxLength: 6 }), fc.constantFrom(0, 2)).map(([name, group, indent]) =>
    JSON.stringify({ name, segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ type: 'or', group }] } } }, null, indent),
  );
};
const file = fileOf(value);

/** Every string value's inner span in a text. */
function valueSpans(text: string): [number, number][] {
  const doc = parseSegmentDocument(text);
  const out: [number, number][] = [];
  const walk = (n: Node | undefined) => {
    if (!n) return;
    if (n.type === 'string' && n.parent?.type === 'property' && n.parent.children?.[1] === n) out.push([n.offset + 1, n.offset + n.length - 1]);
    n.children?.forEach(walk);
  };
  walk(doc.outer.root);
  return out;
}

/** Replaces a span inside one of the text's values (picked by `which`, `a` and `b`) by `insert`. */
function editInValue(text: string, which: number, a: number, b: number, insert: string): { start: number; end: number; edited: string } {
  const spans = valueSpans(text);
  const [from, to] = spans[which % spans.length]!;
  const start = from + (a % (to - from + 1));
  const end = start + (b % (to - start + 1));
  return { start, end, edited: text.slice(0, start) + insert + text.slice(end) };
}

describe('an edit inside a string value', () => {
  it('gives the document parsing the new text gives, for any edit inside any value', () => {
    fc.assert(
      fc.property(file, fc.nat(), fc.nat(), fc.nat(), value, (text, which, a, b, insert) => {
        const { start, end, edited } = editInValue(text, which, a, b, insert);
        const reused = reparseStringEdit(checked(text), edited);
        // A "type" value is always parsed again; any other value edit is reused.
        if (reused) same(reused, edited);
        else assert.ok(edited === text || /"type": ?"[^"]*$/.test(text.slice(0, start)), `not reused: ${JSON.stringify([text.slice(start - 20, end + 5), insert])}`);
      }),
      { numRuns: 1500 },
    );
  });

  it('is exact, or left to the parser, for edits inside values that hold escapes', () => {
    fc.assert(
      fc.property(fileOf(escapedValue), fc.nat(), fc.nat(), fc.nat(), value, (text, which, a, b, insert) => {
        const { edited } = editInValue(text, which, a, b, insert);
        const reused = reparseStringEdit(checked(text), edited);
        if (reused) same(reused, edited);
      }),
      { numRuns: 1500 },
    );
  });

  it('is left to the parser for any other edit: a key, a quote, a backslash, structure', () => {
    fc.assert(
      fc.property(file, fc.nat(), fc.nat(), fc.string({ maxLength: 4 }), (text, a, b, insert) => {
        const start = a % (text.length + 1);
        const end = start + (b % 6);
        const edited = text.slice(0, start) + insert + text.slice(end);
        const reused = reparseStringEdit(checked(text), edited);
        if (reused) same(reused, edited);
      }),
      { numRuns: 3000 },
    );
  });

  it('is left to the parser for criteria written as an escaped string, or a text that did not read cleanly', () => {
    const escaped = JSON.stringify({ name: 'n', segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [] } }) });
    assert.equal(reparseStringEdit(parseSegmentDocument(escaped), escaped.replace('"n"', '"nn"')), undefined);
    const broken = '{ "name": "a", "segment_criteria": { "version": "1.0.0", "criteria": { "type": "and", "group": [ { "source": "contact" } ] } }';
    assert.equal(reparseStringEdit(parseSegmentDocument(broken), broken.replace('"a"', '"ab"')), undefined);
  });

  it('is used by the parse cache after an edit replaced a text, and not after a close', () => {
    const cache = new ParseCache();
    const a = '{ "name": "Boston", "segment_criteria": { "version": "1.0.0", "criteria": { "type": "and", "group": [ { "source": "contact", "field": "city", "op": "eq", "value": "Boston" } ] } } }';
    const b = a.replace('"value": "Boston"', '"value": "Bostonx"');
    const first = cache.parse(a);
    const root = first.outer.root;
    cache.release(a, true);
    const second = cache.parse(b);
    assert.equal(second.outer.root, root, 'the tree was reused');
    same(second, b);
    cache.release(b);
    assert.notEqual(cache.parse(a).outer.root, root, 'a closed text is parsed again');
  });
});
