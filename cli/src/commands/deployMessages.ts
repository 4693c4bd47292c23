/**
 * The CLI's words for deploy outcomes and binding problems: what happened to a file, and for a refusal
 * what to run next (`segment-criteria pull`, `--force`).
 */
import type { DeployOutcome, DeployRefusal } from '../../../domain/src/deploy';
import { changeRefusalMessage } from './audienceMessages';
import { otherAccountMessage, segmentGoneMessage } from './bindingMessages';
import { quoted } from './terminalText';

function nameTaken(name: string, holderId: number): string {
  return `The name ${quoted(name)} is already used by segment ${holderId} in this account. To manage that segment from a file, pull it (\`segment-criteria pull ${holderId}\`) and edit that file; or give this segment another name.`;
}

function refusalMessage(path: string, r: DeployRefusal): string {
  switch (r.reason) {
    case 'name-taken': {
      const verb = r.action === 'create' ? 'created' : 'updated';
      if (r.holderId !== undefined) return `${path}: not ${verb}${r.conflict ? ' (409)' : ''}. ${nameTaken(r.name, r.holderId)}`;
      return r.action === 'create'
        ? `${path}: not created (409). The name ${quoted(r.name)} is already taken in this account; choose another name.`
        : `${path}: not updated (409): the name ${quoted(r.name)} is already taken in this account; choose another name.`;
    }
    case 'other-account':
      return otherAccountMessage(path, r);
    case 'not-found':
    case 'deleted':
      return segmentGoneMessage(path, r);
    case 'no-sync-record':
      return `${path}: has segment_id ${r.segmentId} but no "sync" record, so a remote edit cannot be told from yours, and the remote differs. Pull it (\`segment-criteria pull ${r.segmentId}\`) and reapply your change, or deploy with --force to overwrite the remote.`;
    case 'audience-change':
      return changeRefusalMessage(path, r.change, r.maxPercent);
    case 'remote-edited':
      return `${path}: segment ${r.segmentId} was changed outside this file since it was last deployed or pulled (remote edited ${r.remoteEditedAt ?? 'at an unknown time'}). Not overwritten. Pull it into another folder to compare (\`segment-criteria pull ${r.segmentId} --dir <folder>\`), merge, and deploy again; or deploy with --force to overwrite the remote.`;
  }
}

/** Files that give their segments one name (deploy and plan refuse them all before asking the API). */
export function duplicateNameMessage(name: string, paths: string[]): string {
  const files = paths.length === 2 ? `${paths[0]} and ${paths[1]}` : `${paths.slice(0, -1).join(', ')} and ${paths[paths.length - 1]}`;
  return `The name ${quoted(name)} is in ${files}: segment names are unique in an account (letter case aside), so only one of these files could be deployed. Give each file a name of its own.`;
}

/** The line printed for a file's outcome (a diff, when there is one, follows it). */
export function deployMessage(path: string, o: DeployOutcome): string {
  switch (o.kind) {
    case 'created':
      return `${path}: created segment ${o.segment.segment_id} ${quoted(o.segment.name)}.`;
    case 'updated':
      return `${path}: updated segment ${o.segment.segment_id} ${quoted(o.segment.name)}.`;
    case 'unchanged':
      return `${path}: segment ${o.segmentId} is up to date.`;
    case 'would-create':
      return `${path}: would create segment ${quoted(o.name)}.`;
    case 'would-update':
      return `${path}: would update segment ${o.segmentId}:`;
    case 'refused':
      return refusalMessage(path, o);
  }
}
