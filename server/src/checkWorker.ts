/**
 * The worker thread that checks large documents (see backgroundChecks.ts): one document at a time, text and
 * options in, diagnostics out. Between the check's phases it looks whether the main thread still wants this
 * check (a newer edit supersedes it) and stops if not. It keeps no parsed tree after a check: the main thread
 * keeps its own for hovers and completions, and a second copy would double the memory a large document costs.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { parseSegmentDocument } from './language/document';
import { collectProblems, toDiagnostics } from './language/diagnostics';
import type { CheckRequest, CheckResult, CheckWorkerData } from './backgroundChecks';

// A large check leaves a heap of garbage that V8 keeps (and the process's resident memory with it) until its
// next collection, which an idle thread may never reach: once no check has come for a moment, collect it.
// V8 offers gc() only to a context created after --expose-gc is set, hence the new context.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const COLLECT_AFTER_MS = 250;
let collectTimer: ReturnType<typeof setTimeout> | undefined;

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
  clearTimeout(collectTimer);
  let result: CheckResult;
  try {
    result = check(job);
  } catch (e) {
    result = { id: job.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(result);
  collectTimer = setTimeout(collectGarbage, COLLECT_AFTER_MS);
});
