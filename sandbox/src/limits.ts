/**
 * Constant Contact's request limits as the sandbox applies them: 4 requests a second (429 `throttled`)
 * and 10,000 a day, reset at 00:00 UTC (429 `quota_exceeded`). Both 429 bodies are single objects with
 * no Retry-After header, as the API's are. Refused requests do not count.
 */
import type { Reply } from './http.js';

export interface RateLimitOptions {
  perSecond?: number;
  /** The window of `perSecond`, in ms (1000 in the API; tests may shrink it). */
  windowMs?: number;
  daily?: number;
}

export const THROTTLED_BODY = { error_key: 'throttled', error_message: 'Too many requests: the limit is 4 requests per second. Slow down and retry.' };
export const QUOTA_BODY = { error_key: 'quota_exceeded', error_message: 'The daily quota of API requests is exceeded. It resets at 00:00 UTC.' };

export class RequestLimits {
  private starts: number[] = [];
  private day = '';
  private usedToday = 0;

  constructor(public options: RateLimitOptions | false) {}

  /** A 429 reply when over a limit, else undefined (and the request is counted). */
  check(now = Date.now()): Reply | undefined {
    if (this.options === false) return undefined;
    const perSecond = this.options.perSecond ?? 4;
    const windowMs = this.options.windowMs ?? 1000;
    const daily = this.options.daily ?? 10_000;
    const today = new Date(now).toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.usedToday = 0;
    }
    if (this.usedToday >= daily) return { status: 429, body: QUOTA_BODY };
    this.starts = this.starts.filter((t) => now - t < windowMs);
    if (this.starts.length >= perSecond) return { status: 429, body: THROTTLED_BODY };
    this.starts.push(now);
    this.usedToday++;
    return undefined;
  }

  get requestsToday(): number {
    return this.usedToday;
  }
}
