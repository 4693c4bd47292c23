/**
 * Before deleting a segment: the scheduled campaigns that would go out to it. The API asks the caller to
 * check (it is not published whether it refuses such a delete itself): list the campaigns (paged), read the
 * primary_email activity of each Scheduled one, and keep those whose segment_ids hold the segment, with
 * their send dates. Outcomes carry a reason and its data; each front end words them.
 */
import type { CallOptions, CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import { CAMPAIGN_SCOPE, campaignRef, lacksCampaignScope, primaryEmailActivityId, sameStatus, type CampaignRef } from './campaigns.js';

export interface ScheduledUse {
  campaign: CampaignRef;
  activityId: string;
  /** When it goes out (ISO 8601), from the activity's schedules; empty when none was given. */
  scheduledDates: string[];
}

export type DeleteGuard =
  /** No scheduled campaign uses the segment. */
  | { kind: 'clear'; scheduledCampaigns: number }
  | { kind: 'in-use'; segmentId: number; uses: ScheduledUse[] }
  /** The campaigns could not be looked at: the token lacks campaign_data (no call made), or the user the privilege. */
  | { kind: 'cannot-check'; reason: 'missing-scope'; scope: typeof CAMPAIGN_SCOPE }
  | { kind: 'cannot-check'; reason: 'forbidden'; message: string };

export async function checkSegmentDelete(client: CtctClient, segmentId: number, opts: CallOptions = {}): Promise<DeleteGuard> {
  if (await lacksCampaignScope(client)) return { kind: 'cannot-check', reason: 'missing-scope', scope: CAMPAIGN_SCOPE };
  try {
    const scheduled = (await client.campaigns(opts)).filter((c) => sameStatus(c.current_status, 'SCHEDULED'));
    const uses: ScheduledUse[] = [];
    for (const c of scheduled) {
      const activityId = await primaryEmailActivityId(client, c.campaign_id, opts);
      if (!activityId) continue;
      const activity = await client.emailActivity(activityId, opts);
      if (!(activity.segment_ids ?? []).includes(segmentId)) continue;
      const dates = (await client.emailSchedules(activityId, opts)).map((s) => s.scheduled_date).filter((d): d is string => !!d);
      uses.push({ campaign: campaignRef(c), activityId, scheduledDates: dates });
    }
    return uses.length ? { kind: 'in-use', segmentId, uses } : { kind: 'clear', scheduledCampaigns: scheduled.length };
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'forbidden') return { kind: 'cannot-check', reason: 'forbidden', message: e.message };
    throw e;
  }
}

/** Whether the delete may go ahead: a use, or not being able to look, holds it back unless forced. */
export function deleteAllowed(guard: DeleteGuard, force: boolean): boolean {
  return guard.kind === 'clear' || force;
}
