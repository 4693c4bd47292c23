/**
 * The worker thread that checks large documents (see backgroundChecks.ts): one document at a time, text and
 * options in, diagnostics out. Between the check's phases it looks whether the main thread still wants this
 * check (a newer edit supersedes it) and stops if not. It keeps the document it last checked, tree and values,
 * for the next check to reuse when the edit was inside one string value (stringEdit.ts): parsing a large
 * document again for every edit cost most of the check's time and left as much garbage as the tree.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSegmentDocument, PlainValues, type SegmentDocument } from './language/document';
import { reparseStringEdit } from './language/stringEdit';
import { collectProblems, toDiagnostics } from './language/diagnostics';
import type { CheckRequest, CheckResult, CheckWorkerData } from './backgroundChecks';

const live = new Int32Array((workerData as CheckWorkerData).live);
const wanted = (id: number) => Atomics.load(live, 0) === id;

/** The document last checked, whose tree the next check reuses when the edit was inside one string value. */
let last: SegmentDocument | undefined;

function check(job: CheckRequest): CheckResult {
  if (!wanted(job.id)) return { id: job.id, dropped: true };
  const base = last;
  last = undefined;
  const doc = (base && reparseStringEdit(base, job.text)) ?? parseSegmentDocument(job.text);
  // The values too, whatever the size: this thread holds one document, and reading them again for every
  // edit left as much garbage as the tree.
  doc.values ??= new PlainValues();
  last = doc;
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
