/**
 * Previewing a segment's contacts: a first page or every page (an exact count costs one request per 500
 * contacts), and previewing a draft through a temporary segment that is always deleted afterwards.
 */
import type { CallOptions, CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import { requestBody, type SegmentFile } from './segmentFile.js';
import type { Contact, SegmentDetail } from '../../api/src/types.js';

export const PAGE_MAX = 500;

export interface PreviewResult {
  contacts: Contact[];
  /** True when the segment holds more than was read. */
  more: boolean;
  requests: number;
}

/** Up to `limit` contacts (every one when `limit` is undefined). */
export async function readContacts(client: CtctClient, segmentId: number, limit: number | undefined, opts: CallOptions = {}): Promise<PreviewResult> {
  const contacts: Contact[] = [];
  let more = false;
  let requests = 0;
  const pageSize = limit === undefined ? PAGE_MAX : Math.min(PAGE_MAX, Math.max(1, limit));
  for await (const page of client.segmentContactPages(segmentId, { ...opts, limit: pageSize })) {
    requests++;
    contacts.push(...page.contacts);
    if (limit !== undefined && contacts.length >= limit) {
      more = page.hasMore || contacts.length > limit;
      contacts.length = limit;
      break;
    }
  }
  return { contacts, more, requests };
}

/** How many requests paging to the end may cost, from the account's contact count (a segment has at most that many). */
export function pagesFor(contacts: number): number {
  return Math.max(1, Math.ceil(contacts / PAGE_MAX));
}

/** A name no one mistakes for a real segment, unique per run, within the API's length. */
export function draftName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const rand = Math.random().toString(36).slice(2, 8);
  return `[segment-criteria temporary preview, safe to delete ${stamp} ${rand}] ${name}`.slice(0, 250);
}

export interface DraftSegmentOptions extends CallOptions {
  onCreated?: (s: SegmentDetail) => void;
  /** The temporary segment was deleted. */
  onDeleted?: (id: number) => void;
  /** The temporary segment could not be deleted: it is left in the account. */
  onLeftover?: (id: number, error: unknown) => void;
}

/**
 * Runs `fn` with a temporary segment made from the file, and deletes the segment afterwards, whether `fn`
 * succeeds, fails or is cancelled. A failed delete is reported through `onLeftover` with the id.
 */
export async function withDraftSegment<T>(client: CtctClient, file: SegmentFile, fn: (segment: SegmentDetail) => Promise<T>, opts: DraftSegmentOptions = {}): Promise<T> {
  if (opts.signal?.aborted) throw new ApiError('cancelled', 'Cancelled.');
  // The create is not under the caller's signal either: a POST cut short may still have made the segment,
  // whose id only its answer gives. Cancelled meanwhile, `fn` stops at its first request and the segment is
  // deleted like any other.
  const segment = await client.createSegment({ ...requestBody(file), name: draftName(file.name) }, opts.onRequest ? { onRequest: opts.onRequest } : {});
  opts.onCreated?.(segment);
  try {
    return await fn(segment);
  } finally {
    try {
      // Not under the caller's signal: cleaning up must still happen after a cancel.
      await client.deleteSegment(segment.segment_id, opts.onRequest ? { onRequest: opts.onRequest } : {});
      opts.onDeleted?.(segment.segment_id);
    } catch (e) {
      opts.onLeftover?.(segment.segment_id, e);
    }
  }
}
