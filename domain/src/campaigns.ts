/**
 * What attach and the delete guard share about email campaigns: whether the token may read them at all,
 * finding a campaign by id or name, its primary_email activity, and statuses compared without case (the
 * campaign list says "Draft", an activity "DRAFT").
 */
import type { CallOptions, CtctClient } from '../../api/src/client.js';
import type { Campaign } from '../../api/src/types.js';

export const CAMPAIGN_SCOPE = 'campaign_data';

/** A campaign as outcomes name it. */
export interface CampaignRef {
  campaignId: string;
  name: string;
  /** As the campaign list gives it ("Draft", "Scheduled", "Done", ...). */
  status?: string;
}

/** The token was granted scopes without campaign_data (undefined scopes: granted as asked, or not known). */
export async function lacksCampaignScope(client: CtctClient): Promise<boolean> {
  const granted = await client.grantedScopes();
  return !!granted && !granted.includes(CAMPAIGN_SCOPE);
}

export function sameStatus(a: string | undefined, b: string): boolean {
  return (a ?? '').toUpperCase() === b.toUpperCase();
}

export function campaignRef(c: Campaign): CampaignRef {
  return { campaignId: c.campaign_id, name: c.name, ...(c.current_status ? { status: c.current_status } : {}) };
}

export type CampaignMatch = { kind: 'found'; campaign: CampaignRef } | { kind: 'not-found' } | { kind: 'ambiguous'; matches: CampaignRef[] };

/** A campaign by its id, or else by its name (without case, surrounding spaces ignored), from the account's list. */
export function matchCampaign(campaigns: readonly Campaign[], idOrName: string): CampaignMatch {
  const byId = campaigns.find((c) => c.campaign_id === idOrName.trim());
  if (byId) return { kind: 'found', campaign: campaignRef(byId) };
  const wanted = idOrName.trim().toLowerCase();
  const named = campaigns.filter((c) => c.name.trim().toLowerCase() === wanted);
  if (named.length === 1) return { kind: 'found', campaign: campaignRef(named[0]!) };
  return named.length ? { kind: 'ambiguous', matches: named.map(campaignRef) } : { kind: 'not-found' };
}

/** The id of a campaign's primary_email activity (the one that is sent), or undefined. */
export async function primaryEmailActivityId(client: CtctClient, campaignId: string, opts: CallOptions = {}): Promise<string | undefined> {
  const detail = await client.campaign(campaignId, opts);
  return detail.campaign_activities?.find((a) => a.role === 'primary_email')?.campaign_activity_id;
}

/** Campaigns a segment can be attached to as far as the list tells: Draft and Done ones (for a pick list). */
export async function attachableCampaigns(client: CtctClient, opts: CallOptions = {}): Promise<CampaignRef[]> {
  const all = await client.campaigns(opts);
  return all.filter((c) => sameStatus(c.current_status, 'DRAFT') || sameStatus(c.current_status, 'DONE')).map(campaignRef);
}
