import { sleep } from './sleep.js';

/**
 * Client-side limit: at most `limit` requests start in any window of `windowMs` (Constant Contact allows
 * 4 a second). A sliding window, so bursts never exceed the limit even across window edges. Callers are
 * served in order; one limiter is shared by every request of a client.
 */
/** Time as the limiter sees it; tests give it a clock of their own so they never depend on the machine's pace. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: LimiterClock = { now: () => Date.now(), sleep };

export class RateLimiter {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly limit = 4,
    readonly windowMs = 1000,
    private readonly clock: LimiterClock = realClock,
  ) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new Error('RateLimiter needs limit >= 1 and windowMs > 0');
  }

  /** Resolves when a request may start. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A cancelled waiter must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.starts.length && now - this.starts[0]! >= this.windowMs) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return;
      }
      await this.clock.sleep(this.windowMs - (now - this.starts[0]!) + 1, signal);
    }
  }
}
