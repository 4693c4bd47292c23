/**
 * The editor's words for attach, freeze and the delete guard's outcomes (domain/src/attach.ts, freeze.ts,
 * deleteGuard.ts). Where the CLI names its flags, these name the buttons the editor offers instead.
 */
import type { AttachOutcome, NamedList } from '../../../domain/src/attach';
import type { CampaignRef } from '../../../domain/src/campaigns';
import type { DeleteGuard } from '../../../domain/src/deleteGuard';
import type { FreezeOutcome } from '../../../domain/src/freeze';
import type { Question } from './choices';

export const REPLACE_LISTS = 'Replace the lists';
export const DELETE_ANYWAY = 'Delete anyway…';
export const SIGN_IN_AGAIN = 'Sign In Again';

const campaign = (c: CampaignRef) => `campaign "${c.name}"`;
const listNames = (lists: NamedList[]) => lists.map((l) => (l.name ? `"${l.name}"` : l.listId)).join(', ');
const contacts = (n: number) => `${n} contact${n === 1 ? '' : 's'}`;
const segments = (ids: number[]) => `segment${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`;

export const replaceSegmentChoice = (ids: number[]) => `Replace ${segments(ids)}`;

/** Why nothing about campaigns can be read or changed, and how to fix it. */
export function missingCampaignScope(doing: string): string {
  return `${doing}: your sign-in was not granted access to email campaigns (the campaign_data scope). Sign in again and allow campaign access.`;
}

/** A date-time of the API as people read it: `2025-06-06 14:00 UTC`. */
export function sendDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The question before contact lists or another segment are swapped out (`segment`: `segment 5 "Name"`). */
export function replaceQuestion(segment: string, o: Extract<AttachOutcome, { reason: 'contact-lists' | 'other-segment' }>): Question {
  return o.reason === 'contact-lists'
    ? {
        message: `The ${campaign(o.campaign)} is sent to contact lists: ${listNames(o.lists)}. Replace the lists with ${segment}?`,
        detail: 'Constant Contact never sends to lists and a segment together: the campaign will go to the segment only. The lists themselves do not change.',
        choices: [REPLACE_LISTS],
      }
    : {
        message: `The ${campaign(o.campaign)} is sent to ${segments(o.segmentIds)}. Replace it with ${segment}?`,
        detail: 'A campaign takes one segment.',
        choices: [replaceSegmentChoice(o.segmentIds)],
      };
}

/** `segment` (`segment 5 "Name"`) comes first, so it starts the sentence. */
export function attachMessage(segment: string, o: AttachOutcome): string {
  return attachWords(segment, o).replace(/^./, (c) => c.toUpperCase());
}

function attachWords(segment: string, o: AttachOutcome): string {
  switch (o.kind) {
    case 'would-attach':
    case 'attached': {
      const done = o.kind === 'attached';
      let text = `${segment} ${done ? 'is now' : 'can become'} the audience of ${campaign(o.campaign)}.`;
      if (o.removedLists.length) text += ` ${done ? 'Removed' : 'It would remove'} the contact lists it was sent to: ${listNames(o.removedLists)}.`;
      if (o.replacedSegmentIds.length) text += ` ${done ? 'Replaced' : 'It would replace'} ${segments(o.replacedSegmentIds)}.`;
      return text;
    }
    case 'already-attached':
      return `${segment} is already the audience of ${campaign(o.campaign)}: nothing to do.`;
    case 'refused': {
      const not = `${segment} was not attached`;
      switch (o.reason) {
        case 'missing-scope':
          return missingCampaignScope(not);
        case 'campaign-not-found':
          return `${not}: no campaign has the id "${o.campaign}" any more. Choose the campaign again.`;
        case 'campaign-ambiguous':
          return `${not}: ${o.matches.length} campaigns are named "${o.campaign}". Choose the campaign again.`;
        case 'no-primary-email':
          return `${not}: ${campaign(o.campaign)} has no primary email (the email that is sent), so it has no audience to set.`;
        case 'format-type':
          return `${not}: ${campaign(o.campaign)} is a format_type ${o.formatType ?? '(none)'} email, made in a legacy editor; Constant Contact sends only format_type 3, 4 and 5 emails to segments. Copy the email into the current editor in Constant Contact and attach the segment to that campaign.`;
        case 'status': {
          const scheduled = (o.status ?? '').toUpperCase() === 'SCHEDULED';
          return `${not}: ${campaign(o.campaign)} is ${o.campaign.status ?? o.status ?? 'in an unknown status'}; only a Draft or Done campaign can change its audience. ${scheduled ? 'Unschedule it in Constant Contact first, or choose another campaign.' : 'Choose a Draft or Done campaign.'}`;
        }
        case 'contact-lists':
          return `${not}: ${campaign(o.campaign)} is sent to contact lists (${listNames(o.lists)}), and Constant Contact never sends to lists and a segment together. Attach again and choose "${REPLACE_LISTS}" to send it to the segment instead.`;
        case 'other-segment':
          return `${not}: ${campaign(o.campaign)} is sent to ${segments(o.segmentIds)}, and a campaign takes one segment. Attach again and choose "${replaceSegmentChoice(o.segmentIds)}" to send it to the segment instead.`;
      }
    }
  }
}

/** What the delete guard found, as the question that refuses the delete and offers to go on anyway. */
export function deleteGuardQuestion(segment: string, g: Exclude<DeleteGuard, { kind: 'clear' }>): Question {
  if (g.kind === 'in-use') {
    const n = g.uses.length;
    const uses = g.uses.map((u) => `${campaign(u.campaign)}, scheduled for ${u.scheduledDates.length ? u.scheduledDates.map(sendDate).join(', ') : 'a date the API did not give'}`);
    return {
      message: `Not deleted: ${segment} is the audience of ${n === 1 ? 'a scheduled campaign' : `${n} scheduled campaigns`}.`,
      detail: `${uses.join('\n')}\n\nDeleting it would leave ${n === 1 ? 'that campaign' : 'them'} without an audience. Unschedule ${n === 1 ? 'it' : 'them'} or give ${n === 1 ? 'it' : 'them'} another audience first.`,
      choices: [DELETE_ANYWAY],
    };
  }
  const why =
    g.reason === 'missing-scope'
      ? 'your sign-in was not granted access to email campaigns (the campaign_data scope). Sign in again and allow campaign access to check them.'
      : `they could not be read: ${g.message}`;
  return {
    message: `Not deleted: the scheduled campaigns that may use ${segment} cannot be checked.`,
    detail: `Deleting it could leave a scheduled campaign without an audience, and ${why}`,
    choices: g.reason === 'missing-scope' ? [DELETE_ANYWAY, SIGN_IN_AGAIN] : [DELETE_ANYWAY],
  };
}

/** The second confirmation after "Delete anyway…". */
export function deleteAnywayDetail(g: Exclude<DeleteGuard, { kind: 'clear' }>): string {
  return g.kind === 'in-use'
    ? `${g.uses.map((u) => campaign(u.campaign)).join(', ')} will have no audience.`
    : 'The scheduled campaigns that may use it were not checked.';
}

/** The outcome of a freeze (`name`: the file or the segment, for refusals about the segment). */
export function freezeMessage(name: string, o: FreezeOutcome): string {
  if (o.kind === 'frozen') {
    const { total, notAdded } = o.contacts;
    const of = `of segment ${o.segment.segmentId} "${o.segment.name}" to list "${o.list.name}"${o.created ? ', created for them' : ''}`;
    let text = total === undefined ? `Added the contacts ${of}.` : notAdded > 0 ? `Added ${total - notAdded} of the ${contacts(total)} ${of}.` : `Added the ${contacts(total)} ${of}.`;
    if (notAdded > 0) text += ` ${contacts(notAdded)} could not be added: a contact can be on at most 50 lists.`;
    return `${text} ${o.membershipCount === undefined ? `The API did not say how many contacts list "${o.list.name}" holds now.` : `List "${o.list.name}" now holds ${contacts(o.membershipCount)}.`}`;
  }
  const kept = (r: { created: boolean; list: { name: string } }) => (r.created ? ` List "${r.list.name}" was created and is kept.` : '');
  switch (o.reason) {
    case 'segment-not-found':
      return `${name}: segment ${o.segmentId} does not exist in this account. Remove "segment_id" and "sync" from the file and deploy it again.`;
    case 'segment-deleted':
      return `${name}: segment ${o.segmentId} ("${o.segmentName}") was deleted in the account. Remove "segment_id" and "sync" from the file and deploy it again.`;
    case 'list-not-found':
      return `No contact list has the id ${o.listId} any more; nothing was added. Choose the list again.`;
    case 'list-name-invalid':
      return `"${o.name}" cannot be a list's name: give 1 to ${o.maxLength} characters.`;
    case 'list-missing':
      return `No contact list is named "${o.name}"; nothing was added.`;
    case 'list-name-taken':
      return `List "${o.name}" was not created: the name is taken${o.holder ? `, by list "${o.holder.name}"` : ''}. Choose that list, or give another name.`;
    case 'activity-failed':
      return `Adding the contacts of segment ${o.segmentId} to list "${o.list.name}" failed: the activity ended as "${o.state}"${o.errors.length ? `. The API said: ${o.errors.join('; ').replace(/\.$/, '')}` : ' without saying why'}.${kept(o)}`;
    case 'activity-unfinished':
      return `Adding the contacts of segment ${o.segmentId} to list "${o.list.name}" had not finished when waiting stopped; it may still finish in the account.${kept(o)} Check the list later, or freeze again (contacts already on the list stay once).`;
  }
}

/** What the box for a new list's name refuses (`names`: the account's lists' names). */
export function listNameProblem(value: string, names: readonly string[], max: number): string | undefined {
  if (value.trim() === '') return 'A list needs a name.';
  if (value.length > max) return `A list's name has at most ${max} characters; this one has ${value.length}.`;
  const holder = names.find((n) => n.toLowerCase() === value.toLowerCase());
  return holder === undefined ? undefined : `A list is named "${holder}" already: choose it in the list instead, or give another name.`;
}
