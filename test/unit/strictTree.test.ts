/**
 * The fast reader for plain JSON must build exactly the tree jsonc-parser builds (types, offsets, lengths,
 * values, colon offsets and parents), and give up on anything jsonc-parser would report an error for.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Node, parseTree, type ParseError } from 'jsonc-parser';
import { strictTree } from '../../server/src/language/strictTree';

/** A tree as plain data, with each node's parent checked on the way down. */
function shape(node: Node, parent?: Node): unknown {
  assert.equal(node.parent, parent, `the parent of the ${node.type} at ${node.offset}`);
  const out: Record<string, unknown> = { type: node.type, offset: node.offset, length: node.length };
  if ('value' in node) out.value = node.value;
  if (node.colonOffset !== undefined) out.colonOffset = node.colonOffset;
  if (node.children) out.children = node.children.map((c) => shape(c, node));
  return out;
}

function byJsonc(text: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  return { root, errors };
}

/** Holds the fast reader to jsonc-parser on one text; true when the fast reader read it. */
function agrees(text: string, maxDepth = 64): boolean {
  const fast = strictTree(text, maxDepth);
  if (!fast) return false;
  const { root, errors } = byJsonc(text);
  assert.deepEqual(errors, [], `the fast reader accepted a text jsonc-parser reports errors in: ${JSON.stringify(text)}`);
  assert.deepEqual(shape(fast), shape(root!));
  return true;
}

// Plain JSON, laid out compactly or indented, with comments and blanks between some tokens.
const commented = (json: string, seed: number) =>
  json.replace(/\n/g, (_m, at: number) => ((at + seed) % 3 === 0 ? ` // note ${at}\n` : (at + seed) % 3 === 1 ? ` /* ${at} */\n` : `\r\n\t`));
const plainJson = fc
  .tuple(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 2), fc.nat(2))
  .map(([value, indent, seed]) => commented(JSON.stringify(value, null, indent) ?? 'null', seed));

// Pieces that make text JSON cannot read, or that jsonc-parser reads with an error.
const piece = fc.constantFrom('{', '}', '[', ']', '"a"', '"', '\\', '\\"', '"\\u12"', '"\\x"', '/', '//', '/*', '*/', '\n', '\r', ' ', '\u00a0', '\t', ',', ':', '-', '0', '01', '1.', '.5', '1e', '1e+5', 'true', 'tru', 'nul', 'null', 'x', '\u2028', '\u0001', '"\u0001"');
const anyText = fc.oneof(fc.string({ maxLength: 120 }), fc.array(piece, { maxLength: 40 }).map((p) => p.join('')));

describe('the fast reader for plain JSON', () => {
  it('builds the tree jsonc-parser builds, for any plain JSON with comments', () => {
    fc.assert(
      fc.property(plainJson, (text) => assert.ok(agrees(text), `gave up on plain JSON: ${JSON.stringify(text)}`)),
      { numRuns: 2000 },
    );
  });

  it('gives up on any text jsonc-parser reports an error in, and agrees on the rest', () => {
    fc.assert(fc.property(anyText, (text) => void agrees(text)), { numRuns: 5000 });
  });

  it('reads escapes, surrogates, numbers and duplicate keys as jsonc-parser does', () => {
    for (const text of ['{"a\\u00e9\\n": "\\ud83d\\ude00 \\"q\\" \\/"}', '[-0, 0.5e-3, 1E+2, 123456789012345678901234567890]', '{"k": 1, "k": 2}', '"\u2028"', ' 7 ']) {
      assert.ok(agrees(text), text);
    }
  });

  it('gives up on what jsonc-parser reports: trailing commas, unclosed comments, control characters, bad numbers', () => {
    for (const text of ['[1,]', '{"a": 1,}', '{"a": 1} /* open', '"tab\there"', '[01]', '[1.]', '[-]', '[.5]', '{"a" 1}', '{a: 1}', '', '  ', '[] []', '[true1]', '\u00a0[]']) {
      assert.equal(strictTree(text, 64), undefined, JSON.stringify(text));
    }
  });

  it('gives up past the nesting limit, so that the caller reports the depth', () => {
    assert.equal(strictTree('[[[]]]', 2), undefined);
    assert.ok(strictTree('[[[]]]', 3));
    assert.equal(strictTree('{"a": {"b": {}}}', 2), undefined);
  });
});
