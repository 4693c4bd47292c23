/**
 * Preview throughput against the sandbox with its rate limit on (4 requests a second), as a fraction of
 * the ceiling that limit allows: 4 requests a second × 500 contacts a request = 2,000 contacts a second.
 * Reads a segment of every contact to the end, as `preview --all` does, with the CLI's own client (its
 * client-side limit included). The first evaluation's 202 is waited out before timing starts.
 *
 * The run is timed from the first request's start to the moment the last request's one-second window
 * closes: the limit allows a burst of 4 at the start, and without this a short run would look faster
 * than the ceiling.
 */
import { CtctClient } from '../api/src/client';
import { readContacts } from '../domain/src/preview';
import { sampleData } from '../sandbox/src/sampleData';
import { startSandbox } from '../sandbox/src/server';

export interface PreviewBenchOptions {
  /** Contacts in the sandbox account (and in the segment). Default 10,000: 20 pages. */
  contacts?: number;
}

const CEILING_PER_SECOND = 4 * 500;

export async function benchPreview(opts: PreviewBenchOptions = {}): Promise<string[]> {
  const contacts = opts.contacts ?? 10_000;
  const sb = await startSandbox({ data: sampleData({ contacts }), processingMs: 0, rateLimit: { perSecond: 4, windowMs: 1000 } });
  try {
    const starts: number[] = [];
    let throttled = 0;
    const setup = new CtctClient({ baseUrl: sb.baseUrl, auth: { getToken: async () => sb.token } });
    const segment = await setup.createSegment({
      name: 'Everyone (benchmark)',
      segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'email_address', op: 'contains-string', value: '@' }] } }),
    });
    await readContacts(setup, segment.segment_id, 1); // the first evaluation, not timed
    // Start timing with the limit's window empty, with a client whose own limiter is fresh too.
    await new Promise((r) => setTimeout(r, 1100));
    const client = new CtctClient({
      baseUrl: sb.baseUrl,
      auth: { getToken: async () => sb.token },
      onRequest: (r) => {
        starts.push(Date.now() - r.ms);
        if (r.status === 429) throttled++;
      },
    });
    const result = await readContacts(client, segment.segment_id, undefined);
    const seconds = (starts.at(-1)! - starts[0]! + 1000) / 1000;
    const rate = result.contacts.length / seconds;
    return [
      `preview --all: ${result.contacts.length.toLocaleString('en-US')} contacts in ${result.requests} requests, ${seconds.toFixed(2)} s (to the last request's window end)`,
      `  ${Math.round(rate).toLocaleString('en-US')} contacts/s = ${((rate / CEILING_PER_SECOND) * 100).toFixed(1)}% of the ceiling (4 req/s × 500 contacts/req = 2,000/s); ${throttled} throttled (429) answers`,
    ];
  } finally {
    await sb.close();
  }
}
