// A throw-away extension that runs the bundled mocha suite inside code-server's extension host (where the
// `vscode` API is real) and writes the summary to a JSON file the outer script waits for. Its settings come
// from runner-config.json, written beside it by runInCodeServer.ts when it installs the runner.
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOptions, SuiteSummary } from '../suite/index';

export interface RunnerConfig {
  /** The bundled suite's index.js. */
  suiteIndex: string;
  /** Where to write the SuiteSummary (or { error }) when the suite ends. */
  resultsFile: string;
  /** One JSON line per finished test, for progress while the suite runs. */
  progressFile: string;
  grep?: string;
}

type SuiteModule = { runSuite(options: RunOptions): Promise<SuiteSummary> };

function writeAtomically(file: string, value: unknown): void {
  // The outer script polls for the file: it must never see half of it.
  writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function activate(): void {
  const config = JSON.parse(readFileSync(join(__dirname, 'runner-config.json'), 'utf8')) as RunnerConfig;
  // Not awaited: activation returns at once and the suite runs on the extension host's event loop.
  void (async () => {
    try {
      const suite = require(config.suiteIndex) as SuiteModule;
      writeAtomically(config.resultsFile, await suite.runSuite({ grep: config.grep, onTest: (t) => appendFileSync(config.progressFile, `${JSON.stringify(t)}\n`) }));
    } catch (err) {
      writeAtomically(config.resultsFile, { error: (err as Error).stack ?? String(err) });
    }
  })();
}

export function deactivate(): void {}
