/**
 * The account data cache, kept in VS Code's global state per API host and account (names and ids only,
 * never a token). Campaign activity ids cost one request per campaign, so each campaign's activities are
 * kept and fetched again only when the campaign changed (its `updated_at`) or on an explicit refresh.
 * No `vscode` import: the extension passes the fetchers and a key-value store.
 */
import type { AccountData } from '../../server/src/language/types';
import type { Campaign, CampaignDetail } from '../../api/src/types';

export interface CachedCampaign {
  name: string;
  updated_at?: string;
  activities: { id: string; role: string }[];
}

export interface AccountCacheEntry {
  fetchedAt: number;
  lists: NonNullable<AccountData['lists']>;
  tags: NonNullable<AccountData['tags']>;
  customFields: NonNullable<AccountData['customFields']>;
  campaigns: Record<string, CachedCampaign>;
}

/** How long cached data is used before it is fetched again in the background. */
export const FRESH_MS = 60 * 60_000;

export function isFresh(entry: AccountCacheEntry | undefined, now = Date.now()): boolean {
  return !!entry && now - entry.fetchedAt < FRESH_MS;
}

/** What the language server is given. */
export function toAccountData(entry: AccountCacheEntry): AccountData {
  const campaignActivities: NonNullable<AccountData['campaignActivities']> = [];
  for (const c of Object.values(entry.campaigns)) {
    for (const a of c.activities) campaignActivities.push({ id: a.id, name: `${c.name} (${a.role})`, campaign: c.name });
  }
  return { lists: entry.lists, tags: entry.tags, customFields: entry.customFields, campaignActivities };
}

export interface CampaignFetchers {
  campaigns(): Promise<Campaign[]>;
  campaign(id: string): Promise<CampaignDetail>;
}

/**
 * The account's campaigns with their activities: reused from `previous` when unchanged, fetched
 * otherwise. Returns the entries and how many details were fetched.
 */
export async function campaignActivities(
  fetch: CampaignFetchers,
  previous: Record<string, CachedCampaign> | undefined,
): Promise<{ campaigns: Record<string, CachedCampaign>; fetched: number }> {
  const out: Record<string, CachedCampaign> = {};
  let fetched = 0;
  for (const c of await fetch.campaigns()) {
    const old = previous?.[c.campaign_id];
    if (old && old.updated_at === c.updated_at && old.name === c.name) {
      out[c.campaign_id] = old;
      continue;
    }
    const detail = await fetch.campaign(c.campaign_id);
    fetched++;
    out[c.campaign_id] = {
      name: c.name,
      ...(c.updated_at ? { updated_at: c.updated_at } : {}),
      activities: (detail.campaign_activities ?? []).map((a) => ({ id: a.campaign_activity_id, role: a.role })),
    };
  }
  return { campaigns: out, fetched };
}
