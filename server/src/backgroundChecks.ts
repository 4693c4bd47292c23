/**
 * Checks of large documents, run in a worker thread so that the server answers everything else meanwhile
 * (a hover in another document, a newer edit): checking a 9 MB document takes seconds, and Node runs one
 * thing at a time on a thread.
 *
 * One check runs at a time. A newer check of the same document replaces a waiting one and supersedes a
 * running one: its caller gets undefined at once instead of a result already out of date, and the worker
 * stops it at the next phase (it reads which check is still wanted from memory shared with this thread,
 * since its own message queue waits until the check returns). The worker stays while there is work, keeping
 * its compiled code warm for the next edit, and ends once idle a while or when the last document it
 * checked is closed, handing back the memory a large check used.
 */
import { Worker } from 'node:worker_threads';
import type { SegmentDiagnostic, ServiceOptions } from './language/types';

/** Documents at least this long are checked in the worker; smaller ones take milliseconds, inline. */
export const BACKGROUND_CHECK_CHARS = 512 * 1024;

/** The worker ends after this long without work. */
const IDLE_MS = 10_000;

export interface CheckWorkerData {
  /** One Int32: the id of the check the main thread still wants (0 for none). */
  live: SharedArrayBuffer;
}

export interface CheckRequest {
  id: number;
  text: string;
  options: ServiceOptions;
}

export type CheckResult = { id: number; diagnostics: SegmentDiagnostic[] } | { id: number; error: string } | { id: number; dropped: true };

/** A check asked for: its diagnostics, or undefined when it was superseded or cancelled. */
export interface PendingCheck {
  done: Promise<SegmentDiagnostic[] | undefined>;
  cancel(): void;
}

interface Job extends CheckRequest {
  key: string;
  resolve(diagnostics: SegmentDiagnostic[] | undefined): void;
  reject(error: Error): void;
}

export class BackgroundChecks {
  private worker: Worker | undefined;
  private readonly live = new Int32Array(new SharedArrayBuffer(4));
  private running: Job | undefined;
  /** Keys in the order their checks were asked for (a newer check of a key goes to the back). */
  private readonly waiting = new Map<string, Job>();
  /** The keys checked since the worker started: when the last of them closes, the worker can go. */
  private readonly checked = new Set<string>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;

  constructor(private readonly workerScript: string) {}

  /** Checks `text` (the document `key`) in the worker, superseding any earlier check of the same key. */
  check(key: string, text: string, options: ServiceOptions): PendingCheck {
    this.cancel(key);
    let job!: Job;
    const done = new Promise<SegmentDiagnostic[] | undefined>((resolve, reject) => {
      job = { id: this.nextId++, key, text, options, resolve, reject };
    });
    this.waiting.set(key, job);
    this.checked.add(key);
    this.pump();
    return { done, cancel: () => this.drop(job) };
  }

  /** Drops any check of `key`, waiting or running. */
  cancel(key: string): void {
    const job = this.waiting.get(key) ?? (this.running?.key === key ? this.running : undefined);
    if (job) this.drop(job);
  }

  /** The document `key` was closed: drops its checks, and ends an idle worker that only it kept busy. */
  forget(key: string): void {
    this.cancel(key);
    this.checked.delete(key);
    if (this.checked.size === 0 && !this.running) this.stopWorker();
  }

  dispose(): void {
    for (const job of [...this.waiting.values()]) this.drop(job);
    if (this.running) this.drop(this.running);
    this.stopWorker();
  }

  private drop(job: Job): void {
    if (this.waiting.get(job.key) === job) {
      this.waiting.delete(job.key);
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
    const next = this.waiting.values().next();
    if (next.done) {
      this.idleTimer = setTimeout(() => this.stopWorker(), IDLE_MS);
      this.idleTimer.unref();
      return;
    }
    const job = next.value;
    this.waiting.delete(job.key);
    this.running = job;
    Atomics.store(this.live, 0, job.id);
    const request: CheckRequest = { id: job.id, text: job.text, options: job.options };
    // Posted even while the worker finishes a dropped check: it reads this one when that one stops.
    this.startWorker().postMessage(request);
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    const data: CheckWorkerData = { live: this.live.buffer as SharedArrayBuffer };
    const worker = new Worker(this.workerScript, { workerData: data });
    worker.on('message', (result: CheckResult) => {
      const job = this.running;
      if (this.worker !== worker || job?.id !== result.id) return; // a dropped check's
      this.running = undefined;
      if ('error' in result) job.reject(new Error(result.error));
      else job.resolve('diagnostics' in result ? result.diagnostics : undefined);
      this.pump();
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return; // ended on purpose
      this.worker = undefined;
      this.checked.clear();
      const job = this.running;
      this.running = undefined;
      job?.reject(error);
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the checking thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.checked.clear();
    void worker?.terminate();
  }
}
