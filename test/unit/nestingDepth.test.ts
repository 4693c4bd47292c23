/**
 * The nesting check that runs before every parse reads brackets with a plain loop over the characters: it
 * must find exactly what jsonc-parser's scanner finds, on any text, valid or not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createScanner } from 'jsonc-parser';
import { Token } from '../../server/src/language/document';
import { nestingDepth } from '../../server/src/language/text';

/** The scanner-based reading the loop replaces. */
function byScanner(text: string, limit: number): { depth: number; offset: number } | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== Token.EOF; kind = scanner.scan()) {
    if (kind === Token.OpenBrace || kind === Token.OpenBracket) {
      depth++;
      if (depth > limit) return { depth, offset: scanner.getTokenOffset() };
    } else if (kind === Token.CloseBrace || kind === Token.CloseBracket) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

// Pieces that change how brackets read: strings, escapes, comments, line breaks, words and numbers.
const piece = fc.constantFrom('{', '}', '[', ']', '"', '\\', '\\"', '/', '//', '/*', '*/', '*', '\n', '\r', '\r\n', ' ', ',', ':', '-', '1', '1e', 'true', 'x', '\\u00', '\u2028', '\t');
const text = fc.oneof(fc.string({ maxLength: 200 }), fc.array(piece, { maxLength: 80 }).map((p) => p.join('')));

describe('nestingDepth', () => {
  it('finds the same bracket as the scanner on any text', () => {
    fc.assert(fc.property(text, fc.integer({ min: 0, max: 6 }), (t, limit) => assert.deepEqual(nestingDepth(t, limit), byScanner(t, limit))), { numRuns: 3000 });
  });

  it('skips brackets in strings and comments, and stops a string at a line break', () => {
    assert.equal(nestingDepth('{"[[[": 1} // [[[\n/* [[[ */', 1), undefined);
    assert.deepEqual(nestingDepth('"unclosed\n[[', 1), { depth: 2, offset: 11 });
    assert.deepEqual(nestingDepth('"a\\"[" [[', 1), { depth: 2, offset: 8 });
    assert.equal(nestingDepth('/* never closed [[[', 0), undefined);
    // A comment's closing slash starts nothing: "*/*" closes one comment and opens none.
    assert.deepEqual(nestingDepth('/**/*[*/[', 1), byScanner('/**/*[*/[', 1));
    assert.deepEqual(nestingDepth('/**/*[*/[', 1), { depth: 2, offset: 8 });
  });
});
