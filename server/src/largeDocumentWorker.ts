/**
 * The worker thread that holds large documents (see largeDocuments.ts): one call at a time, a document's text
 * (once per version) and a call's arguments in, its result out. It keeps each open document's latest text
 * and the tree of it, values and all, in its own parse cache. The tree of a version an edit replaced is
 * handed to the next parse, which reuses it when the edit was inside one string value (stringEdit.ts):
 * parsing a large document again for every edit cost most of a check's time and left as much garbage as
 * the tree. Between a check's phases it looks whether the main thread still wants it (a newer edit
 * supersedes it) and stops if not.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { callInline, type CallName } from './documentCalls';
import { FullCollections, fullCollection } from './fullCollections';
import { PlainValues } from './language/document';
import { collectProblems, toDiagnostics } from './language/diagnostics';
import * as service from './language/service';
import type { WorkerData, WorkerReply, WorkerRequest } from './largeDocuments';

const live = new Int32Array((workerData as WorkerData).live);
const wanted = (id: number) => Atomics.load(live, 0) === id;

/** Each open document's latest text, by key. */
const texts = new Map<string, string>();

type Call = Extract<WorkerRequest, { call: CallName }>;

/** The text a call is on, kept (and the tree of the text it replaces let go for reuse) when it is an open document's. */
function textOf(request: Call): string {
  const key = request.key;
  if (key === undefined) return request.text!;
  const held = texts.get(key);
  if (request.text === undefined) {
    if (held === undefined) throw new Error(`no text for ${key}`);
    return held;
  }
  texts.set(key, request.text);
  if (held !== undefined && held !== request.text) service.release(held, true);
  return request.text;
}

function run(request: Call): WorkerReply {
  const text = textOf(request);
  try {
    return answer(request, text);
  } finally {
    // A text passing through (the check before a deploy) is not asked about again, unless it is also an
    // open document's.
    if (request.key === undefined && ![...texts.values()].includes(text)) service.release(text);
  }
}

function answer(request: Call, text: string): WorkerReply {
  const { id } = request;
  if (!wanted(id)) return { id, dropped: true };
  const doc = service.parse(text);
  // The values too, whatever the size: this thread holds the document, and reading them again for every
  // edit left as much garbage as the tree.
  doc.values ??= new PlainValues();
  if (request.call !== 'validate') return { id, result: callInline(request.call, text, request.args as never) };
  const [options] = request.args as [service.ServiceOptions];
  if (!wanted(id)) return { id, dropped: true };
  const problems = collectProblems(doc, options);
  if (!wanted(id)) return { id, dropped: true };
  return { id, result: toDiagnostics(doc, problems, options) };
}

function reply(request: WorkerRequest): WorkerReply | undefined {
  if ('forget' in request) {
    const held = texts.get(request.forget);
    texts.delete(request.forget);
    if (held !== undefined) service.release(held);
    return undefined;
  }
  if ('stats' in request) return { id: request.id, result: service.parseCacheStats() };
  return run(request);
}

/** Old texts and trees are let go of soon after each version, not when the heap has doubled. */
const collections = new FullCollections(fullCollection());

parentPort?.on('message', (request: WorkerRequest) => {
  let out: WorkerReply | undefined;
  try {
    out = reply(request);
  } catch (e) {
    out = 'id' in request ? { id: request.id, error: e instanceof Error ? e.message : String(e) } : undefined;
  }
  if (out) parentPort!.postMessage(out);
  collections.afterCall();
});
