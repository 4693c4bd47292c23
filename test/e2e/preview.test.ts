// The preview panel's buttons, clicked as a user would inside the webview: "Load more" adds rows, "Exact
// count…" says what counting costs and then counts, "Export CSV…" writes a file into the workspace. Signed
// in to the extension's own local sandbox; a small page size so the sample segment has several pages.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { VALID } from '../vscode/fixtures/cases';
import { activeEditorLines, openFile, openSession, previewFrame, runCommand, signInToSandbox, step, type Workbench } from './workbench';

const PAGE_SIZE = 20;
const CSV_NAME = 'valid-contacts.csv';

let wb: Workbench;
before(async () => (wb = await openSession('preview', { settings: { 'segmentCriteria.preview.pageSize': PAGE_SIZE } })));
after(() => wb?.close());

/** Polls until `probe` is true (a file on disk, an input's value: no locator waits on those), failing at the deadline. */
async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('signed in to the local sandbox, the segment deployed and previewed', async () => {
  const { page } = wb;
  await step(page, 'preview-opened', async () => {
    await openFile(page, VALID.file);
    await signInToSandbox(page);
    await runCommand(page, 'Segment Criteria: Deploy');
    await activeEditorLines(page).filter({ hasText: '"segment_id"' }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'Segment Criteria: Preview Contacts');
    const view = previewFrame(page);
    await view.locator('#rows tr').nth(PAGE_SIZE - 1).waitFor({ timeout: 60_000 });
    await view.locator('#status', { hasText: `Showing the first ${PAGE_SIZE} contacts; there are more.` }).waitFor();
    assert.equal(await view.locator('#rows tr').count(), PAGE_SIZE);
  });
});

test('"Load more" adds a page of rows', async () => {
  const { page } = wb;
  await step(page, 'preview-load-more', async () => {
    const view = previewFrame(page);
    await view.locator('#more').click();
    await view.locator('#rows tr').nth(2 * PAGE_SIZE - 1).waitFor({ timeout: 60_000 });
    await view.locator('#status', { hasText: new RegExp(`^(Showing the first ${2 * PAGE_SIZE} contacts|\\d+ contacts in the segment)`) }).waitFor();
    const rows = await view.locator('#rows tr').count();
    assert.ok(rows > PAGE_SIZE && rows <= 2 * PAGE_SIZE, `${rows} rows after Load more`);
    // Real contacts, not placeholders: every row has an email address.
    assert.match(await view.locator('#rows tr').nth(rows - 1).innerText(), /@/);
  });
});

test('"Exact count…" shows the cost first, then the count', async () => {
  const { page } = wb;
  await step(page, 'preview-count', async () => {
    const view = previewFrame(page);
    await view.locator('#countOffer').click();
    // One export activity's total: the same few requests whatever the segment's size.
    const offer = view.locator('#countText', { hasText: /Counting asks Constant Contact for one export of the segment and reads its total: about \d+ requests whatever the size/ });
    await offer.waitFor({ timeout: 60_000 });
    await view.locator('#count').click();
    const done = view.locator('#status', { hasText: /contacts? in the segment \(exact count, [2-9] requests\)/ });
    await done.waitFor({ timeout: 60_000 });
    const count = Number(/^([\d,]+) contacts?/.exec(await done.innerText())![1]!.replace(/,/g, ''));
    assert.ok(count > 2 * PAGE_SIZE, `exact count ${count}`);
    assert.equal(await view.locator('#countBox').isHidden(), true);
    // The CodeLens above the criteria gives the exact count too.
    await page.locator('.codelens-decoration', { hasText: `${count.toLocaleString('en-US')} contacts, previewed` }).first().waitFor({ timeout: 30_000 });
  });
});

test('"Export CSV…" writes the rows shown to a file', async () => {
  const { page } = wb;
  const target = join(wb.workspace, CSV_NAME);
  assert.equal(existsSync(target), false);
  await step(page, 'preview-export', async () => {
    const view = previewFrame(page);
    const shown = await view.locator('#rows tr').count();
    await view.locator('#csv').click();
    // A deployed segment offers the rows shown or the whole segment.
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: `The ${shown} contacts shown` }).first().click({ timeout: 30_000 });
    // The save dialog (VS Code's own in a browser) proposes <file>-contacts.csv beside the segment file.
    await quickInput.locator('.quick-input-title', { hasText: 'Export contacts as CSV' }).waitFor({ timeout: 30_000 });
    const input = quickInput.locator('input');
    // The dialog fills its path in steps (the folder, then the proposed name).
    await until('the save dialog to propose the file name', async () => (await input.inputValue()).endsWith(`/${CSV_NAME}`));
    await input.press('Enter');
    await until(`${CSV_NAME} to be written`, () => existsSync(target) && readFileSync(target, 'utf8').trim().split(/\r?\n/).length === shown + 1);
    const lines = readFileSync(target, 'utf8').trim().split(/\r?\n/);
    assert.match(lines[0]!, /email/i);
    assert.equal(lines.length, shown + 1);
    await page.locator('.notifications-toasts .notification-toast', { hasText: `Exported the contacts to ${CSV_NAME}` }).first().waitFor({ timeout: 30_000 });
  });
});
