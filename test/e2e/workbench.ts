// One real VS Code (code-server) with the packaged extension installed, a fresh profile, a copy of the
// fixture workspace, and Debian's Chromium on it; plus the few UI moves the tests make as a user would.
// Every wait is on something the page shows, with playwright's deadlines, never on time alone.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench } from '../../scripts/code-server/browser';
import { projectRoot } from '../../scripts/code-server/paths';
import { createProfile, type Profile, type ProfileOptions } from '../../scripts/code-server/profile';
import { installExtension, startCodeServer, type RunningCodeServer } from '../../scripts/code-server/server';
import { ensurePackagedExtension } from '../../scripts/code-server/vsix';

export const fixturesDir = join(projectRoot, 'test', 'vscode', 'fixtures', 'workspace');
export const artifactsDir = join(projectRoot, 'test-results', 'e2e');

/** The editor group that has focus; with two groups, each has an active tab. */
const ACTIVE_GROUP = '.editor-group-container.active';

export interface Workbench {
  page: Page;
  /** The copy of the fixture workspace that is open (files the extension writes land here). */
  workspace: string;
  close(): Promise<void>;
}

/** `profile` adds user settings or Workspace Trust to the fresh profile (see createProfile). */
export async function openSession(name: string, profile: ProfileOptions = {}): Promise<Workbench> {
  const env: Profile = createProfile(`segment-e2e-${name}`, fixturesDir, profile);
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    await installExtension(env, process.env.SEGMENT_VSIX ?? ensurePackagedExtension());
    server = await startCodeServer(env);
    browser = await launchChromium();
    const page = await openWorkbench(browser, server.urlFor(env.workspace));
    const [b, s] = [browser, server];
    return {
      page,
      workspace: env.workspace,
      async close() {
        await b.close();
        await s.stop();
        env.dispose();
      },
    };
  } catch (err) {
    await browser?.close();
    await server?.stop();
    env.dispose();
    throw err;
  }
}

/** Saves a screenshot under test-results/e2e/, kept as a CI artifact. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Runs a UI step; on failure keeps a screenshot of what the page showed, then fails. */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    const result = await fn();
    await screenshot(page, name);
    return result;
  } catch (err) {
    await screenshot(page, `${name}-FAILED`).catch(() => undefined);
    throw err;
  }
}

/** Opens a workspace file from the Explorer and waits for its editor to be active. */
export async function openFile(page: Page, file: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().click();
  await page.locator(`${ACTIVE_GROUP} .tab.active`, { hasText: file }).waitFor();
  await page.locator(`${ACTIVE_GROUP} .monaco-editor .view-lines`).waitFor();
}

/** Runs a command from the palette (F1) by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // The exact entry, not the first fuzzy match ("Deploy" also matches "Compare with Deployed Version").
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** 1-based line and column just after `anchor` (plus `delta`) in a fixture file. */
export function positionAfter(file: string, anchor: string, delta = 0): { line: number; column: number } {
  const text = readFileSync(join(fixturesDir, file), 'utf8');
  const offset = text.indexOf(anchor);
  if (offset < 0) throw new Error(`"${anchor}" not found in ${file}`);
  const before = text.slice(0, offset + delta);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** Moves the cursor with Go to Line/Column (Ctrl+G) and waits for the status bar to show it there. */
export async function goTo(page: Page, position: { line: number; column: number }): Promise<void> {
  await page.locator(`${ACTIVE_GROUP} .monaco-editor textarea`).focus();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${position.line}:${position.column}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${position.line}, Col ${position.column}` }).waitFor();
  await page.locator(`${ACTIVE_GROUP} .monaco-editor.focused`).waitFor();
}

/**
 * Opens the suggest widget (Ctrl+Space) until it lists every label in `expected`. A first request can
 * reach the extension before its language server is up and come back empty, so it is asked again.
 */
export async function suggestUntil(page: Page, expected: string[], timeoutMs = 60_000): Promise<string[]> {
  const widget = page.locator('.editor-widget.suggest-widget.visible');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Control+Space');
    try {
      for (const label of expected) await widget.locator('.monaco-list-row', { hasText: label }).first().waitFor({ timeout: 5_000 });
      return await widget.locator('.monaco-list-row .label-name').allInnerTexts();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** The visible text of the active editor, with Monaco's non-breaking spaces made plain. */
export async function editorText(page: Page): Promise<string> {
  return (await activeEditorLines(page).innerText()).replace(/\u00a0/g, ' ');
}

/** The active editor's lines (commands such as Escape open theirs in a second group). */
export function activeEditorLines(page: Page) {
  return page.locator(`${ACTIVE_GROUP} .monaco-editor .view-lines`);
}
