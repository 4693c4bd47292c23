/**
 * The editor's words for deploy outcomes and binding problems. Where the CLI names its commands, these name
 * the editor's ("Segment Criteria: Pull"); overwriting is offered as a button, so no flag is named.
 */
import type { SegmentGone } from '../../../domain/src/remoteSegment';
import type { DeployOutcome, DeployRefusal, OtherAccount } from '../../../domain/src/deploy';

export function otherAccountMessage(name: string, p: OtherAccount): string {
  return `${name}: segment ${p.segmentId} belongs to account ${p.boundAccount} at ${p.boundApi}, but you are signed in to account ${p.account} at ${p.api}. Sign in to that account, or remove "segment_id" and "sync" from the file to create a new segment in this one.`;
}

const pullHint = (id: number) => `("Segment Criteria: Pull" on segment ${id}, e.g. from the Segments view)`;

export function nameTakenMessage(name: string, holderId: number): string {
  return `The name "${name}" is already used by segment ${holderId} in this account. To manage that segment from a file, pull it ${pullHint(holderId)} and edit that file; or give this segment another name.`;
}

function refusalMessage(name: string, r: DeployRefusal): string {
  switch (r.reason) {
    case 'name-taken': {
      const verb = r.action === 'create' ? 'created' : 'updated';
      if (r.holderId !== undefined) return `${name}: not ${verb}${r.conflict ? ' (409)' : ''}. ${nameTakenMessage(r.name, r.holderId)}`;
      return r.action === 'create'
        ? `${name}: not created (409). The name "${r.name}" is already taken in this account; choose another name.`
        : `${name}: not updated (409): the name "${r.name}" is already taken in this account; choose another name.`;
    }
    case 'other-account':
      return otherAccountMessage(name, r);
    case 'not-found':
    case 'deleted':
      return segmentGoneText(name, r);
    case 'no-sync-record':
      return `${name}: has segment_id ${r.segmentId} but no "sync" record, so a remote edit cannot be told from yours, and the remote differs. Pull it ${pullHint(r.segmentId)} and reapply your change,`;
    case 'remote-edited':
      return `${name}: segment ${r.segmentId} was changed outside this file since it was last deployed or pulled (remote edited ${r.remoteEditedAt ?? 'at an unknown time'}). Not overwritten. Pull it into another folder to compare ${pullHint(r.segmentId)}, merge, and deploy again;`;
    case 'audience-change': {
      const c = r.change;
      if (c.kind === 'changed') {
        const pct = Number.isFinite(c.percent) ? `${Math.round(c.percent * 10) / 10}%` : 'all new contacts';
        return `${name}: not deployed: the audience would change by ${pct} (${c.entering} entering, ${c.leaving} leaving, of ${c.deployedCount}), above the limit of ${r.maxPercent}%.`;
      }
      return `${name}: not deployed: how much the audience would change could not be measured, so the limit of ${r.maxPercent}% cannot be checked. Try again later.`;
    }
  }
}

export function deployMessage(name: string, o: DeployOutcome): string {
  switch (o.kind) {
    case 'created':
      return `${name}: created segment ${o.segment.segment_id} "${o.segment.name}".`;
    case 'updated':
      return `${name}: updated segment ${o.segment.segment_id} "${o.segment.name}".`;
    case 'unchanged':
      return `${name}: segment ${o.segmentId} is up to date.`;
    case 'would-create':
      return `${name}: would create segment "${o.name}".`;
    case 'would-update':
      return `${name}: would update segment ${o.segmentId}:`;
    case 'refused':
      return refusalMessage(name, o);
  }
}

/** A file bound to a segment that is not in the account: which, and how to make it a new one. */
export function segmentGoneText(name: string, g: SegmentGone): string {
  return g.reason === 'deleted'
    ? `${name}: segment ${g.segmentId} ("${g.remoteName}") was deleted in the account. Remove "segment_id" and "sync" from the file to create it again as a new segment.`
    : `${name}: segment ${g.segmentId} does not exist in this account. Remove "segment_id" and "sync" from the file to create it as a new segment.`;
}
