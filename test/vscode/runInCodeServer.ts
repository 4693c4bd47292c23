// Runs the extension-host suite (test/vscode/suite) inside code-server's real VS Code extension host:
// installs the packaged .vsix and the runner extension into a fresh profile, opens a copy of the fixture
// workspace in Chromium (code-server starts the extension host only for a connected browser), and waits for
// the results file the runner writes. `npm run test:vscode:code-server`
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, openWorkbench } from '../../scripts/code-server/browser';
import { requirePrerequisites } from '../../scripts/code-server/prerequisites';
import { createProfile } from '../../scripts/code-server/profile';
import { startSandbox } from '../../scripts/code-server/sandbox';
import { installExtension, listExtensions, startCodeServer } from '../../scripts/code-server/server';
import { ensurePackagedExtension } from '../../scripts/code-server/vsix';
import { projectRoot } from '../../scripts/code-server/paths';
import { bundleDir, bundleSuite, runnerBundleDir, suiteBundleDir } from './bundle';
import type { RunnerConfig } from './runner/extension';
import type { SuiteSummary, TestOutcome } from './suite/index';

const SUITE = 'extension-host suite in code-server';
const RUNNER_ID = 'segment-criteria-tests.segment-criteria-test-runner';
const artifacts = join(projectRoot, 'test-results', 'vscode-code-server');
const deadlineMs = Number(process.env.SEGMENT_SUITE_TIMEOUT_MS ?? 10 * 60_000);

type Results = SuiteSummary | { error: string };

async function main(): Promise<number> {
  requirePrerequisites(SUITE);
  const started = Date.now();
  const vsix = ensurePackagedExtension();
  await bundleSuite();

  // Inside the project (git-ignored), so the suite's require('mocha') finds the project's mocha.
  const env = createProfile('run', join(projectRoot, 'test', 'vscode', 'fixtures', 'workspace'), { parent: join(bundleDir, 'runs') });
  const resultsFile = join(env.root, 'results.json');
  const progressFile = join(env.root, 'progress.jsonl');
  // The suite lives inside the runner's folder: VS Code hands `require('vscode')` the API of the extension
  // whose folder the caller is in. The runner goes in *before* the first install, which writes the
  // profile's extensions.json from the folders it finds (a folder added later is ignored as "removed").
  const runnerDir = join(env.extensionsDir, `${RUNNER_ID}-0.0.0`);
  cpSync(runnerBundleDir, runnerDir, { recursive: true });
  cpSync(suiteBundleDir, join(runnerDir, 'suite'), { recursive: true });
  const grep = process.env.SEGMENT_TEST_GREP;
  const config: RunnerConfig = { suiteIndex: join(runnerDir, 'suite', 'index.js'), resultsFile, progressFile, ...(grep ? { grep } : {}) };
  writeFileSync(join(runnerDir, 'runner-config.json'), JSON.stringify(config, null, 2));
  await installExtension(env, vsix);
  const installed = await listExtensions(env);
  if (!installed.includes(RUNNER_ID)) throw new Error(`the runner extension is not among the installed extensions: ${installed.join(', ')}`);

  const sandbox = await startSandbox();
  if (!sandbox) console.log('note: the CLI has no `sandbox` command yet: sign-in, deploy and preview tests will skip');
  const server = await startCodeServer(env, { env: sandbox ? { SEGMENT_SANDBOX_URL: sandbox.apiBaseUrl } : {} });
  const browser = await launchChromium();
  let results: Results | undefined;
  let page: Page | undefined;
  mkdirSync(artifacts, { recursive: true });
  try {
    console.log(`${SUITE}: ${server.urlFor(env.workspace)}`);
    page = await openWorkbench(browser, server.urlFor(env.workspace));
    const shownPage = page;
    // A failed test's screenshot shows what the UI held then (a dialog, a notification).
    const onFailure = (t: TestOutcome): Promise<unknown> => shownPage.screenshot({ path: join(artifacts, `${slug(t.title)}-FAILED.png`) }).catch(() => undefined);
    results = await waitForResults(resultsFile, progressFile, onFailure, () => server.output());
  } finally {
    await page?.screenshot({ path: join(artifacts, 'workbench.png') }).catch(() => undefined);
    await browser.close();
    await server.stop();
    await sandbox?.stop();
    if (!results || 'error' in results || results.failed > 0) keepLogs(env.userDataDir, server.output());
    env.dispose();
  }
  return report(results, Date.now() - started);
}

/** Polls for the runner's results file, printing tests as they end; fails at the deadline. */
async function waitForResults(file: string, progressFile: string, onFailure: (t: TestOutcome) => Promise<unknown>, serverOutput: () => string): Promise<Results> {
  const deadline = Date.now() + deadlineMs;
  let shown = 0;
  const showProgress = async (): Promise<void> => {
    if (!existsSync(progressFile)) return;
    const lines = readFileSync(progressFile, 'utf8').split('\n').filter(Boolean);
    for (const line of lines.slice(shown)) {
      const outcome = JSON.parse(line) as TestOutcome;
      console.log(formatOutcome(outcome));
      if (outcome.state === 'failed') await onFailure(outcome);
    }
    shown = lines.length;
  };
  while (!existsSync(file)) {
    await showProgress();
    if (Date.now() > deadline) throw new Error(`no results after ${deadlineMs / 1000} s: the runner extension never finished\n${serverOutput()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await showProgress();
  return JSON.parse(readFileSync(file, 'utf8')) as Results;
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

function formatOutcome(t: TestOutcome): string {
  if (t.state === 'passed') return `  ✓ ${t.title} (${t.durationMs ?? 0} ms)${t.note ? `: ${t.note}` : ''}`;
  if (t.state === 'skipped') return `  - ${t.title} (skipped: ${t.detail})`;
  return `  ✗ ${t.title}\n      ${(t.detail ?? '').split('\n').join('\n      ')}`;
}

function keepLogs(userDataDir: string, serverOutput: string): void {
  writeFileSync(join(artifacts, 'code-server.log'), serverOutput);
  const logs = join(userDataDir, 'logs');
  if (existsSync(logs)) cpSync(logs, join(artifacts, 'logs'), { recursive: true });
  console.log(`code-server logs kept in ${artifacts}`);
}

function report(results: Results | undefined, elapsedMs: number): number {
  console.log(`\n${SUITE}: ${Math.round(elapsedMs / 1000)} s`);
  if (!results) return 1;
  if ('error' in results) {
    console.log(`the suite could not run:\n${results.error}`);
    return 1;
  }
  console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
  return results.failed > 0 || results.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`${SUITE}: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
