/**
 * The exact number of contacts in a segment, cheaply: one export activity asking for the email address
 * only, polled until the API reports `status.items_total_count`, without waiting for the file when the
 * count is already known. A draft is counted through a temporary segment, always deleted afterwards.
 */
import type { CallOptions, CtctClient } from '../../api/src/client.js';
import type { Activity } from '../../api/src/types.js';
import { resultsHref } from './contactExport.js';
import { parseCsv } from './csv.js';
import { withDraftSegment, type DraftSegmentOptions } from './preview.js';
import type { SegmentFile } from './segmentFile.js';

export interface SegmentCount {
  segmentId: number;
  count: number;
  /** HTTP requests made, retries and polls included. */
  requests: number;
}

export interface DraftCount extends SegmentCount {
  /** The temporary segment counted (and deleted): `segmentId`. */
  temporary: true;
}

/** The fewest columns an export takes: what the count asks for. */
export const COUNT_FIELDS = ['email_address'];

/**
 * The count an activity reports, when it can be trusted: once the export runs, or when it has completed.
 * A zero while it runs may only mean "not counted yet", so that one waits for completion.
 */
export function reportedCount(a: Activity): number | undefined {
  const n = a.status?.items_total_count;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return undefined;
  if (a.state === 'completed') return n;
  if (a.state === 'processing' && n > 0) return n;
  return undefined;
}

/** Counts the contacts of a deployed segment. */
export async function countSegment(client: CtctClient, segmentId: number, opts: CallOptions = {}): Promise<SegmentCount> {
  const tally = counting(opts);
  const count = await exportCount(client, segmentId, tally.opts);
  return { segmentId, count, requests: tally.requests() };
}

/**
 * Counts the file's current content: a temporary segment made from it, counted, and deleted whether the
 * count succeeds, fails or is cancelled (a failed delete goes to `onLeftover`).
 */
export async function countDraft(client: CtctClient, file: SegmentFile, opts: DraftSegmentOptions = {}): Promise<DraftCount> {
  const tally = counting(opts);
  let segmentId = 0;
  const count = await withDraftSegment(
    client,
    file,
    (s) => {
      segmentId = s.segment_id;
      return exportCount(client, s.segment_id, tally.opts);
    },
    tally.opts,
  );
  return { segmentId, count, requests: tally.requests(), temporary: true };
}

async function exportCount(client: CtctClient, segmentId: number, opts: CallOptions): Promise<number> {
  const started = await client.createContactExport(segmentId, { ...opts, fields: COUNT_FIELDS });
  const activity = await client.waitForActivity(started, { ...opts, until: (a) => reportedCount(a) !== undefined });
  const reported = reportedCount(activity);
  if (reported !== undefined) return reported;
  // Completed without a count (not what the spec describes, but not excluded either): the file's rows are it.
  const rows = parseCsv(await client.download(resultsHref(activity), opts));
  return Math.max(0, rows.length - 1);
}

/** Options that count the requests made under them (and still tell the caller's own counter). */
export function counting<O extends CallOptions>(opts: O): { opts: O; requests: () => number } {
  let n = 0;
  const onRequest = (call: string) => {
    n++;
    opts.onRequest?.(call);
  };
  return { opts: { ...opts, onRequest }, requests: () => n };
}
