import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { VALID } from '../fixtures/cases';
import { extension, LANGUAGE_ID, openSegment, waitFor } from './helpers';

suite('activation', () => {
  test('opening a .segment.json activates the extension in the segment-json language', async () => {
    const editor = await openSegment(VALID.file);
    assert.equal(editor.document.languageId, LANGUAGE_ID);
    await waitFor('the extension to activate', () => extension().isActive);
  });
});
