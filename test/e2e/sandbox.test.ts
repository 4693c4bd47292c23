// Escape, Deploy and Preview from the palette, signed in to the extension's own local sandbox, as a user
// trying the product would do it.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { VALID } from '../vscode/fixtures/cases';
import { activeEditorLines, editorText, openFile, openSession, previewFrame, runCommand, signInToSandbox, step, type Workbench } from './workbench';

let wb: Workbench;
before(async () => (wb = await openSession('sandbox')));
after(() => wb?.close());

test('Use Local Sandbox, then Sign In from its notification', async () => {
  const { page } = wb;
  await step(page, 'sandbox-signed-in', async () => {
    await openFile(page, VALID.file);
    await signInToSandbox(page);
  });
});

test('palette Escape shows the escaped request body', async () => {
  const { page } = wb;
  await step(page, 'escape', async () => {
    await openFile(page, VALID.file);
    await runCommand(page, 'Segment Criteria: Escape (Copy the API Request Body)');
    await activeEditorLines(page).filter({ hasText: '\\"version\\"' }).waitFor();
    assert.match(await editorText(page), /"segment_criteria":\s*"\{\\"version\\"/);
  });
});

test('Deploy reports success and the file gains its segment_id', async () => {
  const { page } = wb;
  await step(page, 'deploy', async () => {
    await openFile(page, VALID.file);
    await runCommand(page, 'Segment Criteria: Deploy');
    await activeEditorLines(page).filter({ hasText: '"segment_id"' }).waitFor({ timeout: 60_000 });
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /deployed|created/i });
    await toast.first().waitFor();
    assert.match(await editorText(page), /"segment_id":\s*\d+/);
  });
});

test('Preview shows the contacts table and the CodeLens count', async () => {
  const { page } = wb;
  await step(page, 'preview', async () => {
    await openFile(page, VALID.file);
    await runCommand(page, 'Segment Criteria: Preview Contacts');
    // A webview is an iframe holding the extension's page in another iframe.
    const view = previewFrame(page);
    await view.locator('table #rows tr').first().waitFor({ timeout: 60_000 });
    assert.ok((await view.locator('table #rows tr').count()) > 0);
    await page.locator('.codelens-decoration', { hasText: /contacts?, previewed/ }).first().waitFor({ timeout: 60_000 });
    // The screenshot is of the table, not of the toasts the earlier steps left.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
  });
});
