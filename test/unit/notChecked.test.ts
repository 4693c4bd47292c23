/**
 * A document the checker did not read through (too large, nested too deep) is never sent: the gate that
 * the CLI, the plan and the extension share (sendable.ts) blocks it whatever its severity, and no severity
 * setting hides the diagnostic that says so.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocking } from '../../server/src/language/sendable';
import { validate } from '../../server/src/language/service';
import type { SeveritySetting } from '../../server/src/language/types';
import { LIMITS } from '../../server/src/language/vocabulary';
import { file } from '../markers';

const state = '        { "source": "contact", "field": "state", "op": "eq", "value": "MA" }';
const tooLarge = `${file(state)}/* ${'x'.repeat(LIMITS.maxDocumentChars)} */`;
const tooDeep = `{"name":"Deep","segment_criteria":{"version":"1.0.0","criteria":${'['.repeat(100)}${']'.repeat(100)}}}`;
/** Checked, with a warning only (no version). */
const warned = file(state).replace('"version": "1.0.0",', '');

describe('the gate before a document leaves the machine', () => {
  it('blocks a document too large to check, though its note is a warning, and says so as an error', () => {
    const d = validate(tooLarge);
    assert.deepEqual(d.map((x) => [x.code, x.severity]), [['too-large', 'warning']]);
    assert.match(d[0]!.message, /Nothing in it is checked, so it is not sent to Constant Contact from here; Constant Contact accepts segment criteria of at most 20,000 characters anyway\./);
    assert.deepEqual(blocking(d).map((x) => [x.code, x.severity, x.message]), [['too-large', 'error', d[0]!.message]]);
  });

  it('blocks a document nested too deep, with or without a setting that lowers it', () => {
    for (const severity of [undefined, 'warning', 'hint', 'off'] as (SeveritySetting | undefined)[]) {
      const d = validate(tooDeep, severity ? { severity: { 'too-deep': severity } } : {});
      assert.deepEqual(blocking(d).map((x) => [x.code, x.severity]), [['too-deep', 'error']], String(severity));
    }
  });

  it('"off" does not hide too-large or too-deep (the document would look clean); it still hides other codes', () => {
    assert.deepEqual(validate(tooLarge, { severity: { 'too-large': 'off' } }).map((x) => [x.code, x.severity]), [['too-large', 'warning']]);
    assert.deepEqual(validate(tooDeep, { severity: { 'too-deep': 'off' } }).map((x) => [x.code, x.severity]), [['too-deep', 'error']]);
    assert.deepEqual(validate(tooLarge, { severity: { 'too-large': 'info' } }).map((x) => x.severity), ['info']);
    assert.deepEqual(validate(warned).map((x) => x.code), ['missing-version']);
    assert.deepEqual(validate(warned, { severity: { 'missing-version': 'off' } }), []);
  });

  it('lets through warnings and notes of a checked document, and blocks its errors', () => {
    assert.deepEqual(blocking(validate(warned)), []);
    const errors = validate(file(state.replace('"eq"', '"contains"')));
    assert.deepEqual(blocking(errors).map((x) => x.code), ['unknown-op']);
    assert.equal(blocking(errors)[0], errors[0], 'an error is passed on as it is');
  });
});
