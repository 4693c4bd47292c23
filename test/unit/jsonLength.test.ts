/** The escaped criteria's length, read from the tree, must be exactly JSON.stringify's. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTree, type ParseError } from 'jsonc-parser';
import { jsonLength } from '../../server/src/language/jsonLength';

function check(text: string): void {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors);
  if (!root || errors.length) return;
  const n = jsonLength(root);
  const expected = JSON.stringify(JSON.parse(text)).length;
  // Undefined only for a repeated key, which the caller serializes.
  if (n === undefined) assert.match(text, /"([^"\\]*)"\s*:[\s\S]*"\1"\s*:/, `no repeated key in ${text}`);
  else assert.equal(n, expected, text);
}

const key = fc.constantFrom('a', 'b', '__proto__', '', 'é');
const scalar = fc.oneof(
  fc.constantFrom('0', '-0', '1e21', '1E5', '0.0000001', '1e400', '-1.50', '12345678901234567890', 'true', 'false', 'null', '"\\u00e9\\n\\"x\\/"', '"\\ud800"', '"\ud800"', '"\ud83d\ude00"', '"\\u0001"'),
  fc.string().map((s) => JSON.stringify(s)),
  fc.double().filter(Number.isFinite).map(String),
);
const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }).map((xs) => `[ ${xs.join(' ,\n ')} ]`),
    fc.array(fc.tuple(key, tie('v')), { maxLength: 4 }).map((ps) => `{ ${ps.map(([k, v]) => `"${k}" : ${v}`).join(',\n')} }`),
  ),
})).v;

describe('jsonLength', () => {
  it('is the length JSON.stringify writes, for any JSON laid out in any way', () => {
    fc.assert(fc.property(value, check), { numRuns: 3000 });
  });

  it('counts escapes as JSON.stringify writes them, and gives up on repeated keys', () => {
    check('{ "a": "\\u0041\\n", "b": [1E2, -0, "\ud800"] }');
    assert.equal(jsonLength(parseTree('{"a": 1, "a": 2}')!), undefined);
  });
});
