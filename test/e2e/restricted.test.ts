// Restricted Mode: a profile with Workspace Trust on and the workspace not trusted. Segment files are
// still checked (the Problems panel), but Deploy, Preview and Sign In refuse with an explanation and an
// offer to manage trust; the Segments view says why it is empty.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GROUPING_ERROR, VALID } from '../vscode/fixtures/cases';
import { openFile, openSession, runCommand, step, type Workbench } from './workbench';

let wb: Workbench;
before(async () => (wb = await openSession('restricted', { trust: 'untrusted' })));
after(() => wb?.close());

test('the workspace opens in Restricted Mode', async () => {
  const { page } = wb;
  await step(page, 'restricted-mode', async () => {
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
  });
});

test('validation still runs: the Problems panel shows a grouping-rule error', async () => {
  const { page } = wb;
  await step(page, 'restricted-problems', async () => {
    await openFile(page, GROUPING_ERROR.file);
    await runCommand(page, 'Problems: Focus on Problems View');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: GROUPING_ERROR.code });
    await row.first().waitFor({ timeout: 60_000 });
    assert.ok((await row.first().locator('.codicon-error').count()) > 0);
  });
});

/** Runs a command from the palette and waits for the Restricted Mode explanation it gives. */
async function refused(command: string, action: string, shot: string): Promise<void> {
  const { page } = wb;
  await step(page, shot, async () => {
    await openFile(page, VALID.file);
    await runCommand(page, command);
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `${action} is disabled in Restricted Mode` });
    await toast.first().waitFor({ timeout: 60_000 });
    const text = await toast.first().innerText();
    assert.match(text, /this workspace is not trusted/);
    assert.match(text, /Segment files are still checked offline/);
    assert.ok((await toast.first().locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).count()) > 0, `no "Manage Workspace Trust" in: ${text}`);
  });
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
}

test('Deploy is refused with an explanation', () => refused('Segment Criteria: Deploy', 'Deploying', 'restricted-deploy'));

test('Preview is refused with an explanation', () => refused('Segment Criteria: Preview Contacts', 'Previewing', 'restricted-preview'));

test('Sign In is refused with an explanation', () => refused('Segment Criteria: Sign In', 'Signing in', 'restricted-sign-in'));

test('the file was not deployed and no editor action offers to', async () => {
  const { page } = wb;
  await step(page, 'restricted-untouched', async () => {
    await openFile(page, VALID.file);
    // Menus hide Deploy and Preview with isWorkspaceTrusted; the editor's own actions are there (Escape is allowed).
    const actions = page.locator('.editor-group-container.active .editor-actions');
    await actions.waitFor();
    assert.equal(await actions.locator('[aria-label="Deploy"], [aria-label="Preview Contacts"]').count(), 0);
    // The CodeLens says why instead of offering Deploy and Preview.
    await page.locator('.codelens-decoration', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText(), /"segment_id"/);
  });
});
