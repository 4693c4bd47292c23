/**
 * What pull writes: a remote segment as the fields of a bound file, and an existing file's text brought to
 * them by the smallest edits (comments, layout and the parts that already agree are kept). New files are
 * rendered whole by renderSegmentFile.
 */
import { remoteCriteria, remoteHash } from './remoteSegment.js';
import { nodeValue, parseRoot, sameJson, setMember } from './jsonEdits.js';
import { setSyncFields, type SyncState } from './segmentFile.js';
import type { SegmentDetail } from '../../api/src/types.js';

export interface PulledFile {
  name: string;
  criteria: Record<string, unknown>;
  /** The API's segment_criteria string: its strings and numbers as written (criteria this product does not read stay exact). */
  criteriaJson: string;
  segmentId: number;
  sync: SyncState;
}

/** The remote segment as a file bound to it in this account at this API host. */
export function pulledFile(remote: SegmentDetail, account: string, api: string): PulledFile {
  return {
    name: remote.name,
    criteria: remoteCriteria(remote),
    criteriaJson: remote.segment_criteria,
    segmentId: remote.segment_id,
    sync: { account, api, hash: remoteHash(remote), ...(remote.edited_at ? { edited_at: remote.edited_at } : {}) },
  };
}

/**
 * The file's text holding the pulled segment, changed only where it differs. Criteria kept as an escaped
 * string stay a string. Undefined when the text is not a JSON object (the caller renders the file whole).
 */
export function pulledText(text: string, pulled: PulledFile): string | undefined {
  // A byte order mark is not JSON: pull into the text after it and keep it in front.
  if (text.charCodeAt(0) === 0xfeff) {
    const rest = pulledText(text.slice(1), pulled);
    return rest === undefined ? undefined : '\uFEFF' + rest;
  }
  const root = parseRoot(text);
  if (!root) return undefined;
  const current = (nodeValue(root) as Record<string, unknown>).segment_criteria;
  let out = setMember(text, 'name', pulled.name);
  if (typeof current === 'string') {
    if (!sameJson(parsedOrUndefined(current), pulled.criteria)) out = setMember(out, 'segment_criteria', pulled.criteriaJson);
  } else {
    out = setMember(out, 'segment_criteria', pulled.criteria);
  }
  return setSyncFields(out, pulled.segmentId, pulled.sync);
}

function parsedOrUndefined(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}
