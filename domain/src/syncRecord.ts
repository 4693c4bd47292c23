/**
 * When a file may get a `sync` record, and onto which text. A sync record says "this file has seen the
 * remote as it is now"; written wrongly, the next deploy overwrites a colleague's edit without asking. So
 * a command records a remote state only when the file's content matches it, or when the only change to
 * the remote since the file's last record is the command's own (a rename).
 */
import { remoteCriteria, remoteHash, sameName } from './remoteSegment.js';
import { sameJson } from './jsonEdits.js';
import { contentHash, parseSegmentFile, setSyncFields, type SegmentFile, type SyncState } from './segmentFile.js';
import type { SegmentDetail } from '../../api/src/types.js';

/** Whether a file's sync record already says what a deploy found: then nothing needs writing back. */
export function sameSync(a: SyncState | undefined, b: SyncState): boolean {
  return !!a && a.account === b.account && a.api === b.api && a.hash === b.hash && a.edited_at === b.edited_at;
}

export type WriteBackPlan =
  /** Write `text` (the fields set on the deployed text, or on the file's newer text). */
  | { kind: 'write'; text: string; changedMeanwhile: boolean }
  /** Write nothing: the file no longer parses, or now names another segment. */
  | { kind: 'skip'; reason: 'unreadable' | 'other-segment' };

/**
 * Where deploy's `segment_id` and `sync` go: onto the text that was deployed; if the file changed while
 * deploying, onto its new text only when that still parses and names the same segment (the same
 * segment_id in the same account, or for a new segment, still unbound and with the same name).
 */
export function planWriteBack(deployed: { text: string; file: SegmentFile }, current: string, segmentId: number, sync: SyncState): WriteBackPlan {
  if (current === deployed.text) return { kind: 'write', text: setSyncFields(current, segmentId, sync), changedMeanwhile: false };
  let now: SegmentFile;
  try {
    now = parseSegmentFile(current, 'the file');
  } catch {
    return { kind: 'skip', reason: 'unreadable' };
  }
  const sameBinding = !now.sync || (now.sync.account === sync.account && now.sync.api === sync.api);
  const sameSegment =
    now.segmentId === undefined ? deployed.file.segmentId === undefined && sameName(now.name, deployed.file.name) : now.segmentId === segmentId && sameBinding;
  if (!sameSegment) return { kind: 'skip', reason: 'other-segment' };
  return { kind: 'write', text: setSyncFields(current, segmentId, sync), changedMeanwhile: true };
}

/**
 * The sync record after a rename, or undefined to keep the file's record as it is: the renamed remote
 * counts as seen only when the file (with the new name) holds the same, or when the file's record matched
 * the remote before the rename and the rename changed nothing but the name.
 */
export function syncAfterRename(file: SegmentFile, before: SegmentDetail, renamed: SegmentDetail, account: string, api: string): SyncState | undefined {
  const hash = contentHash(renamed.name, remoteCriteria(renamed));
  const fileHoldsIt = contentHash(renamed.name, file.criteria) === hash;
  const onlyRenamed = !!file.sync && file.sync.hash === remoteHash(before) && sameJson(remoteCriteria(before), remoteCriteria(renamed));
  if (!fileHoldsIt && !onlyRenamed) return undefined;
  return { account, api, hash, ...(renamed.edited_at ? { edited_at: renamed.edited_at } : {}) };
}
