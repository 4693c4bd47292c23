import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GROUPING_ERROR } from '../vscode/fixtures/cases';
import { openFile, openSession, runCommand, step, type Workbench } from './workbench';

let wb: Workbench;
before(async () => (wb = await openSession('problems')));
after(() => wb?.close());

test('the Problems panel shows a grouping-rule error with its code', async () => {
  const { page } = wb;
  await step(page, 'problems-panel', async () => {
    await openFile(page, GROUPING_ERROR.file);
    await runCommand(page, 'Problems: Focus on Problems View');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: GROUPING_ERROR.code });
    await row.first().waitFor({ timeout: 60_000 });
    const text = await row.first().innerText();
    assert.match(text, new RegExp(GROUPING_ERROR.code));
    // An error, not a warning: the row carries the error icon.
    assert.ok(await row.first().locator('.codicon-error').count() > 0, `expected an error icon in: ${text}`);
  });
});
