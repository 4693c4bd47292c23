/**
 * A remote segment seen from its file: its criteria as an object, its content hash (comparable with a
 * file's), a readable diff against a file, and how names compare in an account.
 */
import type { SegmentDetail } from '../../api/src/types.js';
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
  return a.trim().toLowerCase() === b.trim().toLowerCase();
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
