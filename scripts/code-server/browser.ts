// Debian's Chromium driven by playwright-core (no browser download). code-server starts the extension host
// only when a browser client connects, so even the extension-host suite opens a page.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findOnPath } from './which';

/** The Chromium to drive: $CHROMIUM_PATH, else Debian's. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return findOnPath('chromium') ?? findOnPath('chromium-browser');
}

// Without the networking flags Chromium keeps trying to reach Google's services on a closed network.
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(options: { headless?: boolean } = {}): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install chromium)');
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: options.headless ?? true });
}

/** Opens the workbench and waits until VS Code has drawn it (state, not time). */
export async function openWorkbench(browser: Browser, url: string): Promise<Page> {
  // Clipboard access is granted up front: VS Code's clipboard API in a browser waits on it otherwise.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  return page;
}
