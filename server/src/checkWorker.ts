/**
 * The worker thread that checks large documents (see backgroundChecks.ts): one document at a time, text and
 * options in, diagnostics out. Between the check's phases it looks whether the main thread still wants this
 * check (a newer edit supersedes it) and stops if not. It keeps no parsed tree after a check: the main thread
 * keeps its own for hovers and completions, and a second copy would double the memory a large document costs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSegmentDocument } from './language/document';
import { collectProblems, toDiagnostics } from './language/diagnostics';
import type { CheckRequest, CheckResult, CheckWorkerData } from './backgroundChecks';

const live = new Int32Array((workerData as CheckWorkerData).live);
const wanted = (id: number) => Atomics.load(live, 0) === id;

function check(job: CheckRequest): CheckResult {
  if (!wanted(job.id)) return { id: job.id, dropped: true };
  const doc = parseSegmentDocument(job.text);
  if (!wanted(job.id)) return { id: job.id, dropped: true };
  const problems = collectProblems(doc, job.options);
  if (!wanted(job.id)) return { id: job.id, dropped: true };
  return { id: job.id, diagnostics: toDiagnostics(doc, problems, job.options) };
}

parentPort?.on('message', (job: CheckRequest) => {
  let result: CheckResult;
  try {
    result = check(job);
  } catch (e) {
    result = { id: job.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(result);
});
