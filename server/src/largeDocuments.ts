/**
 * Large documents live in a worker thread: their checks, and every other call on them (completion, hover,
 * symbols…), run there, on the one tree the worker keeps of each. Checking a 9 MB document takes seconds and
 * Node runs one thing at a time on a thread, so the server answers everything else meanwhile; and since this
 * thread never parses a large document, it holds no second tree of it (a 3 MB document's costs about 25 MB).
 *
 * One call runs at a time, in the order asked. A newer check of a document replaces a waiting one and
 * supersedes a running one: its caller gets undefined at once instead of a result already out of date, and
 * the worker stops it at the next phase (it reads which call is still wanted from memory shared with this
 * thread, since its own message queue waits until the call returns). A document's text crosses to the worker
 * once per version, known by the text itself rather than the client's version number, which a client may
 * reuse. The worker stays while there is work, keeping its compiled code warm for the next edit, and ends
 * once idle a while or when the last document it holds is closed, handing back its memory.
 */
import { Worker } from 'node:worker_threads';
import type { CallArgs, CallName, CallResult } from './documentCalls';
import type { ParseCacheStats } from './language/service';

/** Documents at least this long are handled in the worker; smaller ones take milliseconds, inline. */
export const LARGE_DOCUMENT_CHARS = 512 * 1024;

/** The worker ends after this long without work. */
const IDLE_MS = 10_000;

/**
 * The worker's young generation, in MB. What a large document's call allocates either dies at once or is its
 * tree, which lives as long as the document: V8's default (up to 48 MB) only held the process's memory up,
 * by about 20 MB on a 3 MB document, and a small one did not make its edits slower.
 */
const YOUNG_GENERATION_MB = 4;

export interface WorkerData {
  /** One Int32: the id of the call the main thread still wants (0 for none). */
  live: SharedArrayBuffer;
}

/** Which document a call is on: an open one (whose text the worker keeps, by key), or a text passing through. */
export type Target = { key?: string; text: string };

/** A message to the worker. */
export type WorkerRequest =
  | {
      id: number;
      call: CallName;
      args: unknown[];
      /** The open document's key, whose text the worker keeps; none for a text passing through. */
      key?: string;
      /** Left out when the worker already holds this text of the document. */
      text?: string;
    }
  | { id: number; stats: true }
  | { forget: string };

export type WorkerReply = { id: number; result: unknown } | { id: number; error: string } | { id: number; dropped: true };

/** A call asked for: its result, or undefined when it was superseded, cancelled or its document closed. */
export interface PendingCall<T> {
  done: Promise<T | undefined>;
  cancel(): void;
}

interface Job {
  id: number;
  /** What is posted to the worker, text and all (left out at posting when the worker has that text). */
  request: Extract<WorkerRequest, { id: number }>;
  key?: string;
  text?: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class LargeDocuments {
  private worker: Worker | undefined;
  private readonly live = new Int32Array(new SharedArrayBuffer(4));
  private running: Job | undefined;
  private readonly waiting: Job[] = [];
  /** The text of each document the worker holds. */
  private readonly held = new Map<string, string>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;

  constructor(private readonly workerScript: string) {}

  /** Runs a language-service call on `target` in the worker; a check supersedes any earlier check of the same document. */
  call<K extends CallName>(target: Target, name: K, args: CallArgs<K>): PendingCall<CallResult<K>> {
    if (name === 'validate' && target.key !== undefined) this.cancel(target.key);
    const id = this.nextId++;
    const request = { id, call: name, args: args as unknown[], ...(target.key !== undefined ? { key: target.key } : {}) };
    const job = this.enqueue({ id, request, key: target.key, text: target.text });
    return { done: job.done as Promise<CallResult<K> | undefined>, cancel: () => this.drop(job.job) };
  }

  /** What the worker's parse cache holds, or undefined when no worker runs. */
  async stats(): Promise<ParseCacheStats | undefined> {
    if (!this.worker) return undefined;
    const id = this.nextId++;
    return (await this.enqueue({ id, request: { id, stats: true } }).done) as ParseCacheStats | undefined;
  }

  /** Drops any check of `key`, waiting or running: its document changed. */
  cancel(key: string): void {
    for (const job of [this.running, ...this.waiting]) if (job?.key === key && 'call' in job.request && job.request.call === 'validate') this.drop(job);
  }

  /**
   * The document `key` was closed: drops its calls, and its text and tree in the worker; ends a worker left
   * with none. Or (`keepCalls`) it was edited below the size: the calls already asked for still get their
   * answers, and the worker lets go of it after them.
   */
  forget(key: string, keepCalls = false): void {
    if (!keepCalls) for (const job of [this.running, ...this.waiting]) if (job?.key === key) this.drop(job);
    if (!this.held.delete(key)) return;
    if (this.held.size === 0 && !this.running && this.waiting.length === 0) this.stopWorker();
    else this.worker?.postMessage({ forget: key } satisfies WorkerRequest);
  }

  dispose(): void {
    for (const job of [...this.waiting]) this.drop(job);
    if (this.running) this.drop(this.running);
    this.stopWorker();
  }

  private enqueue(fields: Omit<Job, 'resolve' | 'reject'>): { job: Job; done: Promise<unknown> } {
    let job!: Job;
    const done = new Promise<unknown>((resolve, reject) => {
      job = { ...fields, resolve, reject };
    });
    this.waiting.push(job);
    this.pump();
    return { job, done };
  }

  private drop(job: Job): void {
    const at = this.waiting.indexOf(job);
    if (at >= 0) {
      this.waiting.splice(at, 1);
    } else if (this.running === job) {
      this.running = undefined;
      Atomics.store(this.live, 0, 0);
    } else {
      return; // already answered
    }
    job.resolve(undefined);
    this.pump();
  }

  private pump(): void {
    if (this.running) return;
    clearTimeout(this.idleTimer);
    const job = this.waiting.shift();
    if (!job) {
      this.idleTimer = setTimeout(() => this.stopWorker(), IDLE_MS);
      this.idleTimer.unref();
      return;
    }
    this.running = job;
    Atomics.store(this.live, 0, job.id);
    const worker = this.startWorker();
    const request = { ...job.request };
    if ('call' in request && job.text !== undefined) {
      // An open document's text crosses once per version: the worker keeps it until the next. (The same
      // string object for the same version, so the comparison is quick.)
      if (job.key === undefined || this.held.get(job.key) !== job.text) request.text = job.text;
      if (job.key !== undefined) this.held.set(job.key, job.text);
    }
    // Posted even while the worker finishes a dropped call: it reads this one when that one stops.
    worker.postMessage(request satisfies WorkerRequest);
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    const data: WorkerData = { live: this.live.buffer as SharedArrayBuffer };
    const worker = new Worker(this.workerScript, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    worker.on('message', (reply: WorkerReply) => {
      const job = this.running;
      if (this.worker !== worker || job?.id !== reply.id) return; // a dropped call's
      this.running = undefined;
      if ('error' in reply) job.reject(new Error(reply.error));
      else job.resolve('result' in reply ? reply.result : undefined);
      this.pump();
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return; // ended on purpose
      this.worker = undefined;
      this.held.clear();
      const job = this.running;
      this.running = undefined;
      job?.reject(error);
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the thread for large documents stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.held.clear();
    void worker?.terminate();
  }
}
