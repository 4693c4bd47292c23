// Runs the extension-host suite with mocha inside whichever VS Code loaded it: @vscode/test-electron calls
// run() (extensionTestsPath), the code-server runner extension calls runSuite() and writes the summary out.
// The suite is bundled (see ../bundle.ts): this file sits beside the bundled *.test.js files.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  /** Failure message and stack, or why a test skipped itself. */
  detail?: string;
  /** A figure the test reported (helpers.ts noteResult). */
  note?: string;
}

export interface SuiteSummary {
  passed: number;
  failed: number;
  skipped: number;
  tests: TestOutcome[];
}

/** Tests record why they skipped, and figures, on their mocha Test object (see helpers.ts skipBecause, noteResult). */
type WithReason = Mocha.Runnable & { skipReason?: string; note?: string };

export interface RunOptions {
  grep?: string;
  /** Called as each test ends, so a runner can show progress while the suite runs. */
  onTest?: (outcome: TestOutcome) => void;
}

export async function runSuite(options: RunOptions = {}): Promise<SuiteSummary> {
  const summary: SuiteSummary = { passed: 0, failed: 0, skipped: 0, tests: [] };
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, ...(options.grep ? { grep: options.grep } : {}) });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  await mocha.loadFilesAsync();
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    const record = (outcome: TestOutcome): void => {
      summary.tests.push(outcome);
      options.onTest?.(outcome);
    };
    runner.on('pass', (t) => {
      summary.passed++;
      const note = (t as WithReason).note;
      record({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0, ...(note ? { note } : {}) });
    });
    runner.on('fail', (t, err: Error) => {
      summary.failed++;
      record({ title: t.fullTitle(), state: 'failed', detail: err.stack ?? String(err) });
    });
    runner.on('pending', (t) => {
      summary.skipped++;
      record({ title: t.fullTitle(), state: 'skipped', detail: (t as WithReason).skipReason ?? 'skipped' });
    });
  });
  return summary;
}

/** @vscode/test-electron's entry point: rejects when any test failed. */
export async function run(): Promise<void> {
  const summary = await runSuite({ grep: process.env.SEGMENT_TEST_GREP });
  for (const t of summary.tests.filter((x) => x.state === 'skipped')) console.log(`  skipped: ${t.title}: ${t.detail}`);
  for (const t of summary.tests.filter((x) => x.note)) console.log(`  ${t.title}: ${t.note}`);
  console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  if (summary.failed > 0) throw new Error(`${summary.failed} extension-host test(s) failed`);
}
