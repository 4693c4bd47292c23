/**
 * The CLI's words for a file whose binding cannot be used: bound to another account or API host than the
 * one signed in to, or to a segment no longer in the account.
 */
import { quoted } from './terminalText';
import type { OtherAccount } from '../../../domain/src/deploy';
import type { SegmentGone } from '../../../domain/src/remoteSegment';

export function otherAccountMessage(path: string, p: OtherAccount): string {
  return `${path}: segment ${p.segmentId} belongs to account ${p.boundAccount} at ${p.boundApi}, but you are signed in to account ${p.account} at ${p.api}. Sign in to that account, or remove "segment_id" and "sync" from the file to create a new segment in this one.`;
}

/** The file's segment is not in the account (deploy, count, preview, rename, freeze): the same words for all. */
export function segmentGoneMessage(path: string, g: SegmentGone): string {
  return g.reason === 'deleted'
    ? `${path}: segment ${g.segmentId} (${quoted(g.remoteName)}) was deleted in the account. Remove "segment_id" and "sync" from the file and deploy it to create it again as a new segment.`
    : `${path}: segment ${g.segmentId} does not exist in this account. Remove "segment_id" and "sync" from the file and deploy it to create it as a new segment.`;
}
