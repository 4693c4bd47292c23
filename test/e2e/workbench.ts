// One real VS Code (code-server) with the packaged extension installed, a fresh profile, a copy of the
// fixture workspace, and Debian's Chromium on it; plus the few UI moves the tests make as a user would.
// Every wait is on something the page shows, with playwright's deadlines, never on time alone.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { launchChromium, openWorkbench } from '../../scripts/code-server/browser';
import { projectRoot } from '../../scripts/code-server/paths';
import { createProfile, type Profile, type ProfileOptions } from '../../scripts/code-server/profile';
import { installExtension, startCodeServer, type RunningCodeServer } from '../../scripts/code-server/server';
import { ensurePackagedExtension } from '../../scripts/code-server/vsix';

export const fixturesDir = join(projectRoot, 'test', 'vscode', 'fixtures', 'workspace');
export const artifactsDir = join(projectRoot, 'test-results', 'e2e');

/** The editor group that has focus; with two groups, each has an active tab. */
const ACTIVE_GROUP = '.editor-group-container.active';

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; contributes: { languages: { aliases: string[] }[] } };
/** The extension's account item in the status bar: VS Code gives it the id `<extension id>.<item id>`. */
const EXTENSION_STATUS_ITEM = `.statusbar-item[id="${manifest.publisher}.${manifest.name}.segmentCriteria.account"]`;
/** The language's name, as the status bar's language indicator shows it once the extension is registered. */
const LANGUAGE_NAME = manifest.contributes.languages[0]!.aliases[0]!;

/**
 * Waits for `locator`; a timeout fails with what was awaited, in words, instead of a bare selector. Bounded
 * waits are for things that do happen (a server answers, a widget renders), never for time to pass.
 */
export async function waitFor(locator: Locator, what: string, options: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number } = {}): Promise<void> {
  const timeout = options.timeout ?? 60_000;
  try {
    await locator.waitFor({ state: options.state ?? 'visible', timeout });
  } catch (err) {
    if (err instanceof errors.TimeoutError) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
    throw err;
  }
}

/**
 * Waits until the extension is active. Its status bar item is created on activation, and VS Code activates
 * an extension only after every installed extension is registered; before that the command palette lists
 * none of their commands. (The palette waits at most 800 ms for that registration when it opens and does
 * not update its list while open, so on a busy machine a palette opened too early never shows them.)
 */
export async function extensionActive(page: Page): Promise<void> {
  await waitFor(page.locator(EXTENSION_STATUS_ITEM), 'the extension to activate (its status bar item)');
}

export interface Workbench {
  page: Page;
  /** The copy of the fixture workspace that is open (files the extension writes land here). */
  workspace: string;
  close(): Promise<void>;
}

/**
 * `profile` adds user settings or Workspace Trust to the fresh profile (see createProfile); `files` (name to
 * text) are written into the workspace copy before code-server starts, so the Explorer lists them at once.
 */
export async function openSession(name: string, profile: ProfileOptions = {}, files: Record<string, string> = {}): Promise<Workbench> {
  const env: Profile = createProfile(`segment-e2e-${name}`, fixturesDir, profile);
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(env.workspace, file), text);
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

/**
 * Opens a workspace file from the Explorer and waits for its editor to be active. A segment file waits too
 * for the editor to hold it in the extension's language (not the JSON it is before the extension is
 * registered) and for the extension to be active, so what a test does next reaches the extension.
 */
export async function openFile(page: Page, file: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().click();
  await waitFor(page.locator(`${ACTIVE_GROUP} .tab.active`, { hasText: file }), `the editor tab of ${file}`);
  await waitFor(page.locator(`${ACTIVE_GROUP} .monaco-editor .view-lines`), `the editor of ${file}`);
  if (!file.endsWith('.segment.json')) return;
  await waitFor(page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: LANGUAGE_NAME }), `the status bar to show ${file} in the ${LANGUAGE_NAME} language`);
  await extensionActive(page);
}

/** Runs a command from the palette (F1) by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // The exact entry, not the first fuzzy match ("Deploy" also matches "Compare with Deployed Version").
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const entry = rows.filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  try {
    await waitFor(entry, `"${title}" in the command palette`, { timeout: 30_000 });
  } catch (err) {
    const shown = await rows.allInnerTexts().catch(() => []);
    throw new Error(`${(err as Error).message}; it listed: ${shown.map((r) => JSON.stringify(r.replace(/\s+/g, ' '))).join(', ') || 'nothing'}`);
  }
  await entry.click();
  await waitFor(page.locator('.quick-input-widget'), 'the command palette to close', { state: 'hidden', timeout: 30_000 });
}

/** "Use Local Sandbox", then "Sign In" from its notification, and waits for the status bar to name the account. */
export async function signInToSandbox(page: Page): Promise<void> {
  await runCommand(page, 'Segment Criteria: Use Local Sandbox');
  await page.locator('.notifications-toasts .monaco-button', { hasText: 'Sign In' }).first().click({ timeout: 60_000 });
  // "Sandbox (signed out)" becomes "Sandbox: <account>".
  await page.locator('.statusbar-item', { hasText: 'Sandbox:' }).first().waitFor({ timeout: 60_000 });
}

/** The preview panel's page: a webview is an iframe holding the extension's page in another iframe. */
export function previewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
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
