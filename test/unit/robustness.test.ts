/**
 * Random and mutated documents never crash or hang the service (the per-document timeout is a hang
 * detector, not a speed check), and the extreme documents of the issue get their diagnostics.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as service from '../../server/src/language/service';
import { LineIndex } from '../../server/src/language/text';

const guideDir = new URL('../fixtures/guide/', import.meta.url).pathname;
const seeds = readdirSync(guideDir).map((n) => readFileSync(join(guideDir, n), 'utf8'));
const HANG_MS = 5000;

/** Runs every feature of the service on a text at a position; throws on a crash or a hang. */
function exercise(text: string, at: number): void {
  const started = Date.now();
  const lines = new LineIndex(text);
  const position = lines.positionAt(at);
  const diagnostics = service.validate(text);
  service.complete(text, position);
  service.hover(text, position);
  service.codeActions(text, diagnostics);
  service.documentSymbols(text);
  service.folding(text);
  service.format(text, { tabSize: 2, insertSpaces: true });
  for (const d of diagnostics) {
    assert.ok(d.range.start.line <= d.range.end.line, 'ranges are ordered');
    assert.ok(typeof d.code === 'string' && d.message.length > 0);
  }
  assert.ok(Date.now() - started < HANG_MS, 'no hang');
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string(), fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '//', '/*', '\\', '"or"', '"and"', '{"type":"or","group":[', 'null')) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
);

type Mutation = { kind: 'delete'; at: number; len: number } | { kind: 'insert'; at: number; text: string } | { kind: 'duplicate'; at: number; len: number };

function mutate(text: string, m: Mutation): string {
  const at = text.length ? m.at % (text.length + 1) : 0;
  if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + m.len);
  if (m.kind === 'insert') return text.slice(0, at) + m.text + text.slice(at);
  return text.slice(0, at) + text.slice(at, at + m.len) + text.slice(at);
}

describe('robustness', () => {
  it('random text never crashes or hangs', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(), (text, at) => exercise(text, at % (text.length + 1))),
      { numRuns: 300 },
    );
  });

  it('random JSON values never crash or hang', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.nat(), (value, at) => {
        const text = JSON.stringify({ name: 'x', segment_criteria: value }, null, 2);
        exercise(text, at % (text.length + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('mutated guide examples never crash or hang', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.nat(), (seed, ms, at) => {
        const text = ms.reduce((t, m) => mutate(t, m as Mutation), seed);
        exercise(text, at % (text.length + 1));
      }),
      { numRuns: 400 },
    );
  });

  it('empty, truncated, binary, 10,000-levels-deep and multi-megabyte documents', () => {
    assert.deepEqual(service.validate('').map((d) => d.code), ['empty-document']);
    const truncated = seeds[0]!.slice(0, seeds[0]!.length / 2);
    assert.ok(service.validate(truncated).some((d) => d.code === 'syntax-error'));
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const b = service.validate(binary);
    assert.ok(b.length > 0 && b.length <= 51, 'binary gets a bounded list of syntax errors');
    const deep = '['.repeat(10000) + ']'.repeat(10000);
    assert.deepEqual(service.validate(deep).map((d) => d.code), ['too-deep']);
    const deepObjects = '{"a":'.repeat(10000) + '1' + '}'.repeat(10000);
    // Escaped criteria get the same too-deep error as readable ones, on the bracket past the limit.
    for (const levels of [63, 10000]) {
      const criteria = `{"version":"1.0.0","criteria":${'['.repeat(levels)}${']'.repeat(levels)}}`;
      assert.deepEqual(service.validate(`{"name":"x","segment_criteria":${criteria}}`).map((x) => [x.code, x.severity]), [['too-deep', 'error']]);
      const escaped = JSON.stringify({ name: 'x', segment_criteria: criteria });
      const [tooDeep, ...rest] = service.validate(escaped);
      assert.deepEqual([tooDeep?.code, tooDeep?.severity, rest.length], ['too-deep', 'error', 0]);
      assert.equal(escaped[tooDeep!.range.start.character], '[');
    }
    exercise(deepObjects, 5000);
    const member = '{ "source": "contact", "field": "state", "op": "eq", "value": "MA" }';
    const big = `{ "name": "big", "segment_criteria": { "version": "1.0.0", "criteria": { "type": "and", "group": [ { "type": "or", "group": [ ${Array(45000).fill(member).join(',\n')} ] } ] } } }`;
    assert.ok(big.length > 3_000_000);
    const d = service.validate(big);
    assert.deepEqual(d.map((x) => x.code), ['criteria-too-long'], 'the whole document was checked');
  });
});
