import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import type { SegmentCriteriaApi } from '../../../client/src/extension';
import { VALID } from '../fixtures/cases';
import { extension, LANGUAGE_ID, noteResult, openSegment, waitFor } from './helpers';

suite('activation', () => {
  test('opening a .segment.json activates the extension in the segment-json language', async () => {
    const editor = await openSegment(VALID.file);
    assert.equal(editor.document.languageId, LANGUAGE_ID);
    await waitFor('the extension to activate', () => extension().isActive);
  });

  test('activation to a ready language client is timed, and printed', async function () {
    const api = (await extension().activate()) as SegmentCriteriaApi;
    const ms = await api.languageClientReady();
    assert.ok(Number.isFinite(ms) && ms > 0, `activate() → client.start() resolved: ${ms}`);
    // A figure for the record, printed by the runner (the benchmark's cold start times the server's part without a VS Code).
    noteResult(this, `activate() → language client ready in ${ms.toFixed(1)} ms`);
  });
});
