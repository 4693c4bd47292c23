/**
 * What pull writes: a remote segment as the fields of a bound file, and an existing file's text brought to
 * them by the smallest edits (comments, layout and the parts that already agree are kept). New files are
 * rendered whole by renderSegmentFile.
 */
import { remoteCriteria, remoteHash } from './deploy.js';
import { nodeValue, parseRoot, sameJson, setMember } from './jsonEdits.js';
import { setSyncFields, type SyncState } from './segmentFile.js';
import type { SegmentDetail } from './types.js';

export interface PulledFile {
  name: string;
  criteria: Record<string, unknown>;
  segmentId: number;
  sync: SyncState;
}

/** The remote segment as a file bound to it in this account at this API host. */
export function pulledFile(remote: SegmentDetail, account: string, api: string): PulledFile {
  return {
    name: remote.name,
    criteria: remoteCriteria(remote),
    segmentId: remote.segment_id,
    sync: { account, api, hash: remoteHash(remote), ...(remote.edited_at ? { edited_at: remote.edited_at } : {}) },
  };
}

/**
 * The file's text holding the pulled segment, changed only where it differs. Criteria kept as an escaped
 * string stay a string. Undefined when the text is not a JSON object (the caller renders the file whole).
 */
export function pulledText(text: string, pulled: PulledFile): string | undefined {
  const root = parseRoot(text);
  if (!root) return undefined;
  const current = (nodeValue(root) as Record<string, unknown>).segment_criteria;
  let out = setMember(text, 'name', pulled.name);
  if (typeof current === 'string') {
    if (!sameJson(parsedOrUndefined(current), pulled.criteria)) out = setMember(out, 'segment_criteria', JSON.stringify(pulled.criteria));
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
