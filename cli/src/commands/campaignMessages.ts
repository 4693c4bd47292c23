/**
 * The CLI's words for attach and delete-guard outcomes: each refusal names its reason and what to do next.
 */
import type { AttachOutcome, NamedList } from '../../../domain/src/attach';
import type { CampaignRef } from '../../../domain/src/campaigns';
import type { DeleteGuard, ScheduledUse } from '../../../domain/src/deleteGuard';
import { quoted } from './terminalText';

const campaignName = (c: CampaignRef) => `campaign ${quoted(c.name)}`;
const listNames = (lists: NamedList[]) => lists.map((l) => (l.name ? quoted(l.name) : l.listId)).join(', ');

export function missingCampaignScope(action: string, login: string): string {
  return `${action}: your sign-in was not granted the campaign_data scope, which reading and changing email campaigns needs. Sign in again and allow campaign_data (\`${login}\`).`;
}

/** A date-time of the API as people read it: `2025-06-06 14:00 UTC`. */
export function sendDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function attachMessage(path: string, segment: string, o: AttachOutcome, login: string): string {
  switch (o.kind) {
    case 'would-attach':
    case 'attached': {
      const done = o.kind === 'attached';
      const lines = [`${path}: ${segment} ${done ? 'is now' : 'can become'} the audience of ${campaignName(o.campaign)} (activity ${o.activityId}).`];
      if (o.removedLists.length) lines.push(`${done ? 'Removed' : 'It would remove'} the contact lists it was sent to: ${listNames(o.removedLists)}.`);
      if (o.replacedSegmentIds.length) lines.push(`${done ? 'Replaced' : 'It would replace'} segment ${o.replacedSegmentIds.join(', ')}.`);
      return lines.join('\n');
    }
    case 'already-attached':
      return `${path}: ${segment} is already the audience of ${campaignName(o.campaign)}: nothing to do.`;
    case 'refused':
      switch (o.reason) {
        case 'missing-scope':
          return missingCampaignScope(`${path}: not attached`, login);
        case 'campaign-not-found':
          return `${path}: not attached: no campaign has the id or the name ${quoted(o.campaign)}. Give the campaign's id, or its name as Constant Contact shows it.`;
        case 'campaign-ambiguous':
          return `${path}: not attached: ${o.matches.length} campaigns are named ${quoted(o.campaign)} (${o.matches.map((m) => `${m.campaignId}${m.status ? `, ${m.status}` : ''}`).join('; ')}). Give the one you mean by its id with --campaign.`;
        case 'no-primary-email':
          return `${path}: not attached: ${campaignName(o.campaign)} has no primary_email activity (the email that is sent), so it has no audience to set.`;
        case 'format-type':
          return `${path}: not attached: ${campaignName(o.campaign)} is a format_type ${o.formatType ?? '(none)'} email, made in a legacy editor; Constant Contact sends only format_type 3, 4 and 5 emails to segments. Copy the email into the current editor and attach the segment to that campaign.`;
        case 'status': {
          const scheduled = (o.status ?? '').toUpperCase() === 'SCHEDULED';
          return `${path}: not attached: ${campaignName(o.campaign)} is ${o.campaign.status ?? o.status ?? 'in an unknown status'}; only a campaign in Draft or Done status can change its audience. ${scheduled ? 'Unschedule it in Constant Contact first, or choose another campaign.' : 'Choose a Draft or Done campaign.'}`;
        }
        case 'contact-lists':
          return `${path}: not attached: ${campaignName(o.campaign)} is sent to contact lists (${listNames(o.lists)}), and Constant Contact never sends to lists and a segment together. Pass --replace-lists to remove those lists and send it to ${segment} instead.`;
        case 'other-segment':
          return `${path}: not attached: ${campaignName(o.campaign)} is sent to segment ${o.segmentIds.join(', ')}, and a campaign takes one segment. Pass --replace to send it to ${segment} instead.`;
      }
  }
}

function useLines(uses: ScheduledUse[]): string {
  return uses.map((u) => `  ${campaignName(u.campaign)} (${u.campaign.campaignId}), scheduled for ${u.scheduledDates.length ? u.scheduledDates.map(sendDate).join(', ') : 'a date the API did not give'}`).join('\n');
}

/** Why the guard holds a delete back (undefined when it does not), and what to do. */
/** `path` is the file whose segment it is; undefined for a segment named by its id. */
export function deleteGuardRefusal(path: string | undefined, segment: string, g: DeleteGuard, login: string): string | undefined {
  const notDeleted = path === undefined ? 'Not deleted' : `${path}: not deleted`;
  switch (g.kind) {
    case 'clear':
      return undefined;
    case 'in-use':
      return `${notDeleted}: ${segment} is the audience of ${g.uses.length} scheduled campaign${g.uses.length === 1 ? '' : 's'}:\n${useLines(g.uses)}\nDeleting it would leave ${g.uses.length === 1 ? 'that campaign' : 'them'} without an audience. Unschedule ${g.uses.length === 1 ? 'it' : 'them'} or give ${g.uses.length === 1 ? 'it' : 'them'} another audience first, or pass --force to delete anyway.`;
    case 'cannot-check':
      return g.reason === 'missing-scope'
        ? `${notDeleted}: the scheduled campaigns that may use ${segment} cannot be checked, because your sign-in was not granted the campaign_data scope. Sign in again and allow campaign_data (\`${login}\`), or pass --force to delete without checking.`
        : `${notDeleted}: the scheduled campaigns that may use ${segment} could not be read (${g.message}). Pass --force to delete without checking.`;
  }
}

/** What --force went past, said before the delete. */
export function deleteGuardOverridden(segment: string, g: DeleteGuard): string | undefined {
  if (g.kind === 'in-use') return `Warning: deleting ${segment} anyway (--force), though these scheduled campaigns use it:\n${useLines(g.uses)}`;
  if (g.kind === 'cannot-check') return `Warning: deleting ${segment} without checking the scheduled campaigns that may use it (--force).`;
  return undefined;
}
