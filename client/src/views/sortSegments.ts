/** The Segments view's order; no `vscode` import. */
import type { SegmentSummary } from '../../../api/src/types';

export type SortOrder = 'name' | 'date';

/** Sorts a copy: by name (case-insensitive), or by the latest edit, newest first. */
export function sortSegments(segments: SegmentSummary[], order: SortOrder): SegmentSummary[] {
  const copy = [...segments];
  if (order === 'name') return copy.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.segment_id - b.segment_id);
  const time = (x: SegmentSummary) => Date.parse(x.edited_at ?? x.created_at ?? '') || 0;
  return copy.sort((a, b) => time(b) - time(a) || b.segment_id - a.segment_id);
}
