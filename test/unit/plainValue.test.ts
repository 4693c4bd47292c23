/**
 * The checks read a node's value through plainValue, which takes V8's JSON.parse when the text parsed
 * cleanly: it must give exactly what jsonc-parser's getNodeValue gives, for every node of any text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getNodeValue, type Node, type ParseError, parseTree } from 'jsonc-parser';
import { PlainValues, plainValue, type View } from '../../server/src/language/document';

/** Values compared with their key order, duplicate keys and the sign of zero. */
const shape = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(shape) : v !== null && typeof v === 'object' ? Object.entries(v).map(([k, x]) => [k, shape(x)]) : Object.is(v, -0) ? '-0' : v;

function* nodes(n: Node): Generator<Node> {
  yield n;
  for (const c of n.children ?? []) yield* nodes(c);
}

function sameForEveryNode(text: string): void {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (!root) return;
  const view: View = { root, text, inner: false, toDoc: (o) => o, clean: errors.length === 0 };
  for (const n of nodes(root)) assert.deepEqual(shape(plainValue(view, n)), shape(getNodeValue(n)), `${text.slice(n.offset, n.offset + n.length)}`);
  // Read from the whole text's value, once per check, in any order of nodes.
  const values = new PlainValues();
  for (const n of [...nodes(root)].reverse()) assert.deepEqual(shape(values.of(view, n)), shape(getNodeValue(n)), `from the whole value: ${text.slice(n.offset, n.offset + n.length)}`);
}

// Blanks JSON allows and ones only jsonc-parser allows, comments, duplicate keys, numbers of every form.
const blank = fc.constantFrom('', ' ', '\n', '\t', '\r\n', '\u00a0', '\u2028', '/* c */', '// c\n');
const key = fc.constantFrom('a', 'b', '__proto__', 'constructor', 'type', '');
const scalar = fc.oneof(fc.constantFrom('0', '-0', '1e400', '-1.5E-3', '12345678901234567890', 'true', 'false', 'null', '"\\u00e9\\n\\"x"', '"\\ud800"'), fc.string().map((s) => JSON.stringify(s)));
const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }).chain((xs) => blank.map((b) => `[${b}${xs.join(`,${b}`)}]`)),
    fc.array(fc.tuple(key, tie('v')), { maxLength: 4 }).chain((ps) => blank.map((b) => `{${ps.map(([k, v]) => `${b}"${k}"${b}:${v}`).join(',')}${b}}`)),
  ),
})).v;

describe('plainValue', () => {
  it('equals the tree walk on every node, with comments, odd blanks, duplicate keys and numbers', () => {
    fc.assert(fc.property(value, (t) => sameForEveryNode(t)), { numRuns: 2000 });
  });

  it('equals the tree walk on texts with syntax errors', () => {
    fc.assert(fc.property(value, fc.nat(), fc.constantFrom('', ',', '}', '"', '[1,]'), (t, at, cut) => sameForEveryNode(t.slice(0, at % (t.length + 1)) + cut + t.slice(at % (t.length + 1)))), { numRuns: 2000 });
  });
});
