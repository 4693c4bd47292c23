/**
 * The registry of diagnostic codes (codes.ts) is the only source of codes and default severities: every
 * problem any check makes, on any document, has a registered code at the registry's severity (or, signed
 * in, at the severity the registry gives for that case). A wrong code or a wrong `data` shape does not
 * compile: the `@ts-expect-error` lines below fail the typecheck if it ever does.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CODES, type CodeInfo, isCode, STRICT_ERRORS } from '../../server/src/language/codes';
import { collectProblems } from '../../server/src/language/diagnostics';
import { problem, signedIn } from '../../server/src/language/problems';
import { parse, validate } from '../../server/src/language/service';
import type { AccountData } from '../../server/src/language/types';
import { CONST_DATE_VALUES, CONST_VALUES, OP_IDS, SOURCES } from '../../server/src/language/vocabulary';

const ID = '4c08372c-957a-48b5-bc45-72c7f00796cd';
const ACCOUNT: AccountData = { lists: [{ id: ID, name: 'Newsletter' }], tags: [], campaignActivities: [], customFields: [{ name: 'shoe_size' }] };

function files(dir: URL): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => readFileSync(join(dir.pathname, n), 'utf8'));
}

const written = [
  ...files(new URL('../../examples/', import.meta.url)),
  ...files(new URL('../fixtures/guide/', import.meta.url)),
  ...files(new URL('../fixtures/web-ui/', import.meta.url)),
  // The document-level codes, which generated segments do not reach.
  '',
  '{ "name": "x" "segment_criteria": {} }',
  '{ "type": "and", "group": [] }',
  '{ "name": "x", "criteria": { "type": "and", "group": [] } }',
  '['.repeat(70),
];

/** Fails unless every problem of `text` has a registered code at the registry's severity. */
function assertRegistered(text: string, account?: AccountData): void {
  const problems = collectProblems(parse(text), { account });
  for (const p of problems) {
    const info: CodeInfo | undefined = CODES[p.code];
    assert.ok(info && isCode(p.code), `${p.code} is not in the registry`);
    const allowed = account && info.signedIn ? [info.severity, info.signedIn] : [info.severity];
    assert.ok(allowed.includes(p.severity), `${p.code} is a ${p.severity}, the registry says ${allowed.join(' or ')}`);
  }
  // With no settings, the diagnostics keep the problems' severities.
  const diagnostics = validate(text, { account });
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity]).sort(),
    problems.map((p) => [p.code, p.severity]).sort(),
  );
}

/** Segments built from the vocabulary, its near misses and every way of nesting groups. */
const source = fc.constantFrom(...SOURCES.map((s) => s.id), 'list', 'trackng', 'ecommerce_activity', '');
const criterion = fc.record(
  {
    source,
    field: fc.constantFrom(...SOURCES.flatMap((s) => s.fields.map((f) => f.name)), 'shoe_size', 'openned', ''),
    op: fc.constantFrom(...OP_IDS, 'equals', 'contains'),
    value: fc.constantFrom(ID, 'MA', '90', '{tag UUID}', ''),
    const_value: fc.constantFrom(...CONST_VALUES.map((c) => c.id), 'last-n-campaign'),
    const_date_value: fc.constantFrom(...CONST_DATE_VALUES.map((c) => c.id), 'last-days'),
    param: fc.oneof(fc.integer({ min: -1, max: 600 }), fc.constantFrom('5', 'five')),
    date_param: fc.oneof(
      fc.constantFrom('1826', 30, ['2024-02-01T00:00:00+0000', '2024-01-01T00:00:00+0000'], ['2015-01-01T00:00:00+0000', '2024-01-01T00:00:00+0000'], ['2024-01-01', '2024-02-01T00:00:00+0000'], ['2024-01-01T00:00:00+0000']),
    ),
    vaule: fc.constant('x'),
  },
  { requiredKeys: ['source'] },
);
const member = fc.letrec<{ member: unknown }>((tie) => ({
  member: fc.oneof(
    { depthSize: 'small' },
    criterion,
    fc.record({ type: fc.constantFrom('and', 'or', 'xor'), group: fc.array(tie('member'), { maxLength: 4 }) }),
  ),
}));
const segment = fc.record({
  name: fc.constantFrom('Engaged', ''),
  segment_criteria: fc.record({ version: fc.constantFrom('1.0.0', '2.0'), criteria: fc.record({ type: fc.constantFrom('and', 'or'), group: fc.array(member.member, { maxLength: 5 }) }) }, { requiredKeys: ['criteria'] }),
});

describe('the registry of diagnostic codes', () => {
  it('every code is kebab-case with a summary; strict and signed-in severities name registered codes', () => {
    for (const [code, info] of Object.entries(CODES)) {
      assert.match(code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(info && info.summary.length > 0, code);
    }
    for (const code of STRICT_ERRORS) assert.ok(isCode(code), code);
    assert.equal(isCode('no-such-code'), false);
    assert.equal(isCode('toString'), false, 'only the registry\'s own keys');
  });

  it('the README\'s table lists every code once, at its default severity', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const listed = new Map<string, string>();
    for (const row of readme.split('\n').filter((l) => l.startsWith('| `'))) {
      const [names, severity] = row.split('|').slice(1, 3).map((cell) => cell.trim());
      const codes = [...names!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      if (!codes.every(isCode)) continue; // another table (settings)
      for (const code of codes) {
        assert.ok(!listed.has(code), `${code} is listed twice`);
        listed.set(code, severity!);
      }
    }
    assert.deepEqual(Object.fromEntries(listed), Object.fromEntries(Object.entries(CODES).map(([code, info]) => [code, info!.severity])));
  });

  it('the one constructor takes the severity from the registry, and the signed-in one where the registry has it', () => {
    const span = { offset: 0, length: 1 };
    assert.deepEqual(problem('or-in-or', span, 'm', { path: ['a'] }), { code: 'or-in-or', severity: 'warning', message: 'm', span, data: { path: ['a'] } });
    assert.deepEqual(problem('range-order', span, 'm'), { code: 'range-order', severity: 'error', message: 'm', span });
    assert.equal(signedIn(problem('unknown-contact-field', span, 'm', { field: 'x' })).severity, 'error');
  });

  it('every problem of the examples and the guide\'s fixtures is registered at the registry\'s severity', () => {
    for (const t of written) {
      assertRegistered(t);
      assertRegistered(t, ACCOUNT);
    }
  });

  it('every problem of generated segments is registered at the registry\'s severity, signed in or not', () => {
    fc.assert(
      fc.property(segment, fc.boolean(), fc.boolean(), (value, asString, withAccount) => {
        const s = asString ? { ...value, segment_criteria: JSON.stringify(value.segment_criteria) } : value;
        assertRegistered(JSON.stringify(s, null, 2), withAccount ? ACCOUNT : undefined);
      }),
      { numRuns: 300, seed: 10 },
    );
  });
});

// Never run: the compiler checks these lines (the test is the typecheck).
void (() => {
  const span = { offset: 0, length: 0 };
  // @ts-expect-error: a code that is not in the registry
  problem('and-in-and-in-and', span, 'm');
  // @ts-expect-error: data of the wrong shape for the code
  problem('unknown-list', span, 'm', { id: 1, path: undefined });
  // @ts-expect-error: data for a code that carries none
  problem('range-order', span, 'm', { days: 3 });
  // @ts-expect-error: no data for a code that always carries it
  problem('unsupported-version', span, 'm');
  // @ts-expect-error: a code with no signed-in severity
  signedIn(problem('non-uuid-id', span, 'm'));
});
