/** The CLI's words for a file bound to another account or API host than the one signed in to. */
import type { OtherAccount } from '../../../domain/src/deploy';

export function otherAccountMessage(path: string, p: OtherAccount): string {
  return `${path}: segment ${p.segmentId} belongs to account ${p.boundAccount} at ${p.boundApi}, but you are signed in to account ${p.account} at ${p.api}. Sign in to that account, or remove "segment_id" and "sync" from the file to create a new segment in this one.`;
}
