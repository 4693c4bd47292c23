import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TOP_NOT_AND } from '../vscode/fixtures/cases';
import { editorText, goTo, openFile, openSession, positionAfter, step, type Workbench } from './workbench';

let wb: Workbench;
before(async () => (wb = await openSession('quickfix')));
after(() => wb?.close());

test('a quick fix wraps a top "or" in an "and"', async () => {
  const { page } = wb;
  await step(page, 'quick-fix-menu', async () => {
    await openFile(page, TOP_NOT_AND.file);
    // Wait for the error's squiggle before asking for fixes there.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    await goTo(page, positionAfter(TOP_NOT_AND.file, '"type": "or"', 1));
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row.focused', { hasText: /and/i }).first().waitFor();
  });
  await step(page, 'quick-fix-applied', async () => {
    // The menu opens with the preferred fix focused; Enter applies it, as a keyboard user would.
    await page.keyboard.press('Enter');
    await page.locator('.action-widget').waitFor({ state: 'hidden' });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: 60_000 });
    const text = await editorText(page);
    assert.match(text, /"type":\s*"and"/);
    assert.match(text, /"type":\s*"or"/);
  });
});
