/**
 * The editor's words for exact counts, audience diffs and audience changes (domain/src/count.ts and
 * audienceDiff.ts). Where the CLI names its flags, these name the settings.
 */
import { ASSUMED_POLLS_PER_EXPORT, type AudienceChange, type AudienceDiff, type AudienceSide, type DiffRefusal } from '../../../domain/src/audienceDiff';
import { otherAccountMessage } from './deployMessages';

/** One side of an audience diff as the preview page shows it: "12 contacts", the first rows, "… and 2 more". */
export interface AudienceSideView {
  count: string;
  rows: string[][];
  rest: string;
}

export const contacts = (n: number) => `${n.toLocaleString('en-US')} contact${n === 1 ? '' : 's'}`;
export const requests = (n: number) => `${n} request${n === 1 ? '' : 's'}`;

/** What an exact count costs, said before counting: one export, whatever the segment's size. */
export function countOffer(draft: boolean): { requests: number; text: string } {
  const n = 1 + ASSUMED_POLLS_PER_EXPORT + (draft ? 2 : 0);
  return { requests: n, text: `Counting asks Constant Contact for one export of the ${draft ? 'file through a temporary segment (created and deleted)' : 'segment'} and reads its total: about ${requests(n)} whatever the size (start it, then a few polls), of the account's 10,000 a day.` };
}

export function diffSummary(label: string, d: AudienceDiff): string {
  const spent = ` (${requests(d.requests)})`;
  switch (d.basis) {
    case 'not-deployed':
      return `${label} is not deployed yet: all ${contacts(d.draftCount ?? 0)} it selects would enter, and none leave${spent}.`;
    case 'same-criteria':
      return `${label} has the criteria of deployed segment ${d.segmentId}: nobody would enter or leave${spent}.`;
    case 'compared':
      return `If ${label} were deployed now: ${contacts(d.entering.count)} would enter and ${contacts(d.leaving.count)} leave segment ${d.segmentId}, which holds ${contacts(d.deployedCount ?? 0)} now and would hold ${contacts(d.draftCount ?? 0)}${spent}.`;
  }
}

export function sideView(s: AudienceSide): AudienceSideView {
  return {
    count: contacts(s.count),
    rows: s.contacts.map((c) => [c.email_address, [c.first_name, c.last_name].filter(Boolean).join(' ')]),
    rest: s.count > s.contacts.length ? `… and ${s.count - s.contacts.length} more` : '',
  };
}

export function diffRefusalText(label: string, r: DiffRefusal): string {
  const setting = 'segmentCriteria.compareAudience.maxRequests';
  switch (r.reason) {
    case 'over-max-requests':
      return `${label}: not compared: it would take about ${requests(r.estimate.requests)} (an export of each side with its polls, a temporary segment for the file${r.estimate.readsDeployed ? ', a read of the deployed segment' : ''}), more than ${setting} (${r.maxRequests}). Nothing was sent. Raise the setting to allow it.`;
    case 'out-of-requests':
      return `${label}: stopped after ${requests(r.requests)}: the exports took more polls than estimated, and finishing would go over ${setting} (${r.maxRequests}). Try again later, or raise the setting.`;
    case 'not-found':
      return `${label}: segment ${r.segmentId} is not in this account (it may have been deleted). Remove "segment_id" and "sync" from the file to deploy it as a new segment.`;
    case 'other-account':
      return otherAccountMessage(label, r);
  }
}

function percent(p: number): string {
  return Number.isFinite(p) ? `${Number.isInteger(p) ? p : p.toFixed(1)}%` : 'more than 100% (the deployed segment is empty)';
}

/** The question deploy asks when the change is above segmentCriteria.deploy.maxAudienceChange. */
export function changeQuestion(label: string, c: Extract<AudienceChange, { kind: 'changed' }>, max: number): string {
  return `${label}: deploying would change the audience of segment ${c.segmentId} by ${percent(c.percent)} (${c.entering} entering, ${c.leaving} leaving of ${c.deployedCount}), above your limit of ${max}%. Deploy anyway?`;
}

/** The question when the change could not be measured: `why` says what stopped it. */
export function unmeasuredQuestion(label: string, why: string, max: number): string {
  return `${label}: the audience change could not be measured, so your limit of ${max}% cannot be checked. ${why} Deploy anyway?`;
}
