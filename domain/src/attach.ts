/**
 * Attaching a segment to an email campaign as its audience: the campaign found by id or name, its
 * primary_email activity read whole (with every include=), the API's guards checked first, then the
 * activity written back whole without its read-only properties and with only `segment_ids` changed (and
 * `contact_list_ids` when lists are replaced): the PUT replaces the activity, so anything left out would be
 * wiped from the email. Outcomes carry a reason and its data; each front end words them.
 */
import type { CallOptions, CtctClient } from '../../api/src/client.js';
import { ALL_ACTIVITY_INCLUDES, writableActivity } from '../../api/src/emailActivity.js';
import type { EmailCampaignActivity } from '../../api/src/types.js';
import { CAMPAIGN_SCOPE, lacksCampaignScope, matchCampaign, primaryEmailActivityId, sameStatus, type CampaignRef } from './campaigns.js';

/** Only these formats take segments (1 and 2 are the legacy editors). */
export const SEGMENT_FORMAT_TYPES: readonly number[] = [3, 4, 5];
/** Only activities in these statuses can be changed. */
export const UPDATABLE_STATUSES: readonly string[] = ['DRAFT', 'DONE'];

export interface AttachOptions {
  /** Swap another segment out instead of refusing. */
  replace?: boolean;
  /** Swap the activity's contact lists out instead of refusing. */
  replaceLists?: boolean;
  /** Check the guards and say what would change, without writing (an editor asks before it writes). */
  dryRun?: boolean;
}

export interface NamedList {
  listId: string;
  /** Absent when the lists could not be read. */
  name?: string;
}

/** What the activity alone decides, before any write. */
export type ActivityCheck =
  | { kind: 'already-attached' }
  | { kind: 'refused'; reason: 'format-type'; formatType: number | undefined }
  | { kind: 'refused'; reason: 'status'; status: string | undefined }
  | { kind: 'refused'; reason: 'contact-lists'; listIds: string[] }
  | { kind: 'refused'; reason: 'other-segment'; segmentIds: number[] }
  /** `body` is the PUT body: the activity as read, read-only properties out, the audience changed. */
  | { kind: 'ok'; body: Record<string, unknown>; replacedSegmentIds: number[]; removedListIds: string[] };

/**
 * The guards in order, on an activity read with every include=: already the audience (nothing to do),
 * format_type 3/4/5, DRAFT or DONE (without case), no contact lists unless replaced, no other segment
 * unless replaced.
 */
export function checkActivity(activity: EmailCampaignActivity, segmentId: number, opts: AttachOptions = {}): ActivityCheck {
  const segments = activity.segment_ids ?? [];
  const lists = activity.contact_list_ids ?? [];
  if (segments.length === 1 && segments[0] === segmentId && lists.length === 0) return { kind: 'already-attached' };
  if (activity.format_type === undefined || !SEGMENT_FORMAT_TYPES.includes(activity.format_type)) return { kind: 'refused', reason: 'format-type', formatType: activity.format_type };
  if (!UPDATABLE_STATUSES.some((s) => sameStatus(activity.current_status, s))) return { kind: 'refused', reason: 'status', status: activity.current_status };
  if (lists.length && !opts.replaceLists) return { kind: 'refused', reason: 'contact-lists', listIds: [...lists] };
  const others = segments.filter((s) => s !== segmentId);
  if (others.length && !opts.replace) return { kind: 'refused', reason: 'other-segment', segmentIds: others };
  const body = writableActivity(activity);
  body.segment_ids = [segmentId];
  // Lists and a segment never go together: the lists go (under replaceLists), and so does an empty array.
  if (Array.isArray(body.contact_list_ids)) delete body.contact_list_ids;
  return { kind: 'ok', body, replacedSegmentIds: others, removedListIds: [...lists] };
}

export type AttachRefusal =
  /** The token was not granted campaign_data: refused before any call. */
  | { reason: 'missing-scope'; scope: typeof CAMPAIGN_SCOPE }
  | { reason: 'campaign-not-found'; campaign: string }
  /** Several campaigns have the name: give the id. */
  | { reason: 'campaign-ambiguous'; campaign: string; matches: CampaignRef[] }
  | { reason: 'no-primary-email'; campaign: CampaignRef }
  | { reason: 'format-type'; campaign: CampaignRef; activityId: string; formatType: number | undefined }
  | { reason: 'status'; campaign: CampaignRef; activityId: string; status: string | undefined }
  | { reason: 'contact-lists'; campaign: CampaignRef; activityId: string; lists: NamedList[] }
  | { reason: 'other-segment'; campaign: CampaignRef; activityId: string; segmentIds: number[] };

export type AttachOutcome =
  | { kind: 'would-attach'; campaign: CampaignRef; activityId: string; segmentId: number; replacedSegmentIds: number[]; removedLists: NamedList[] }
  | { kind: 'attached'; campaign: CampaignRef; activityId: string; segmentId: number; replacedSegmentIds: number[]; removedLists: NamedList[]; activity: EmailCampaignActivity }
  | { kind: 'already-attached'; campaign: CampaignRef; activityId: string; segmentId: number }
  | ({ kind: 'refused' } & AttachRefusal);

/** Sets segment `segmentId` as the audience of the campaign `campaign` (an id or a name), the guards first. */
export async function attachSegment(client: CtctClient, segmentId: number, campaign: string, opts: AttachOptions & CallOptions = {}): Promise<AttachOutcome> {
  if (await lacksCampaignScope(client)) return { kind: 'refused', reason: 'missing-scope', scope: CAMPAIGN_SCOPE };
  const call = { signal: opts.signal };
  const match = matchCampaign(await client.campaigns(call), campaign);
  if (match.kind === 'not-found') return { kind: 'refused', reason: 'campaign-not-found', campaign };
  if (match.kind === 'ambiguous') return { kind: 'refused', reason: 'campaign-ambiguous', campaign, matches: match.matches };
  const ref = match.campaign;
  const activityId = await primaryEmailActivityId(client, ref.campaignId, call);
  if (!activityId) return { kind: 'refused', reason: 'no-primary-email', campaign: ref };
  const activity = await client.emailActivity(activityId, { ...call, include: ALL_ACTIVITY_INCLUDES });
  const check = checkActivity(activity, segmentId, opts);
  if (check.kind === 'already-attached') return { kind: 'already-attached', campaign: ref, activityId, segmentId };
  if (check.kind === 'refused') {
    if (check.reason === 'contact-lists') return { kind: 'refused', reason: 'contact-lists', campaign: ref, activityId, lists: await nameLists(client, check.listIds, call) };
    const { kind: _, ...refusal } = check;
    return { kind: 'refused', ...refusal, campaign: ref, activityId };
  }
  const removedLists = check.removedListIds.length ? await nameLists(client, check.removedListIds, call) : [];
  if (opts.dryRun) return { kind: 'would-attach', campaign: ref, activityId, segmentId, replacedSegmentIds: check.replacedSegmentIds, removedLists };
  const written = await client.updateEmailActivity(activityId, check.body, call);
  return { kind: 'attached', campaign: ref, activityId, segmentId, replacedSegmentIds: check.replacedSegmentIds, removedLists, activity: written };
}

/** The lists' names for messages; ids alone when the lists cannot be read (their names are a courtesy). */
async function nameLists(client: CtctClient, ids: string[], opts: CallOptions): Promise<NamedList[]> {
  let names = new Map<string, string>();
  try {
    names = new Map((await client.contactLists(opts)).map((l) => [l.list_id, l.name]));
  } catch {
    /* ids only */
  }
  return ids.map((listId) => (names.has(listId) ? { listId, name: names.get(listId)! } : { listId }));
}
