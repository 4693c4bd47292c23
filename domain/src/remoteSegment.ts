/**
 * A remote segment seen from its file: whether it is still in the account, its criteria as an object, its
 * content hash (comparable with a file's), a readable diff against a file, and how names compare in an
 * account.
 */
import type { CallOptions, CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import type { SegmentDetail, SegmentSummary } from '../../api/src/types.js';
import { lineDiff } from './lineDiff.js';
import { contentHash, renderSegmentFile, type SegmentFile } from './segmentFile.js';

export function remoteCriteria(remote: SegmentDetail): Record<string, unknown> {
  try {
    const v = JSON.parse(remote.segment_criteria) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* below */
  }
  return { unreadable_segment_criteria: remote.segment_criteria };
}

export function remoteHash(remote: SegmentDetail): string {
  return contentHash(remote.name, remoteCriteria(remote));
}

/** What differs between the remote segment and the file, as readable files. */
export function remoteDiff(remote: SegmentDetail, local: SegmentFile, localLabel: string): string {
  const before = renderSegmentFile({ name: remote.name, criteria: remoteCriteria(remote), criteriaJson: remote.segment_criteria });
  const after = renderSegmentFile({ name: local.name, criteria: local.criteria, ...(local.criteriaJson !== undefined ? { criteriaJson: local.criteriaJson } : {}) });
  return lineDiff(before, after, {
    before: `remote segment ${remote.segment_id} (edited ${remote.edited_at ?? 'at an unknown time'})`,
    after: localLabel,
  });
}

/** Segment names in an account are unique regardless of case and surrounding spaces. */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/** A segment name as the account compares it: names with one key cannot both be in an account. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Whether the file holds the remote's name and criteria. */
export function holdsRemote(file: SegmentFile, remote: SegmentDetail): boolean {
  return contentHash(file.name, file.criteria) === remoteHash(remote);
}

/** Whether the remote changed since the file's sync record saw it (never, for a file without one). */
export function remoteEditedSinceSync(file: SegmentFile, remote: SegmentDetail): boolean {
  return !!file.sync && remoteHash(remote) !== file.sync.hash;
}

/**
 * Whether pulling the remote over a bound file would discard edits never deployed: its content is neither
 * what its sync record saw nor the remote's (content equal to the remote's loses nothing).
 */
export function pullDiscardsEdits(file: SegmentFile, remote: SegmentDetail): boolean {
  const local = contentHash(file.name, file.criteria);
  return local !== file.sync?.hash && local !== remoteHash(remote);
}

/** Why a segment a file or a command names is not in the account: it never was (here), or it was deleted. */
export type SegmentGone = { reason: 'not-found'; segmentId: number } | { reason: 'deleted'; segmentId: number; remoteName: string };

export type SegmentPresence = { kind: 'live'; segment: SegmentSummary } | ({ kind: 'gone' } & SegmentGone);

/**
 * Whether the segment is in the account. GET answers for deleted segments too, so the list of live ones
 * decides (`liveSegments` when already read, or one read of it); then GET tells a deleted segment, with
 * its name, from one that never was. Other API errors are thrown.
 */
export async function segmentPresence(client: CtctClient, segmentId: number, opts: CallOptions & { liveSegments?: SegmentSummary[] } = {}): Promise<SegmentPresence> {
  const { liveSegments, ...call } = opts;
  const live = (liveSegments ?? (await client.listSegments(call))).find((s) => s.segment_id === segmentId);
  if (live) return { kind: 'live', segment: live };
  try {
    const remote = await client.getSegment(segmentId, call);
    return { kind: 'gone', reason: 'deleted', segmentId, remoteName: remote.name };
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'not-found') return { kind: 'gone', reason: 'not-found', segmentId };
    throw e;
  }
}
