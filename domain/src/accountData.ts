/**
 * What the account holds, for the checks that need it (unknown list, tag, campaign or custom field ids).
 * Only what the criteria refer to is fetched: campaign activity ids cost one call per campaign.
 */
import type { AccountData } from '../../server/src/language/types.js';
import type { CallOptions, CtctClient } from '../../api/src/client.js';

export interface Needs {
  lists: boolean;
  tags: boolean;
  customFields: boolean;
  campaignActivities: boolean;
}

/** Walks criteria and notes which lookups their checks need. */
export function needsOf(criteria: unknown[], into: Needs = { lists: false, tags: false, customFields: false, campaignActivities: false }): Needs {
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.source === 'list_membership') into.lists = true;
    if (o.source === 'tags') into.tags = true;
    if (o.source === 'contact') into.customFields = true;
    if (o.source === 'tracking' && o.value !== undefined) into.campaignActivities = true;
    Object.values(o).forEach(visit);
  };
  criteria.forEach(visit);
  return into;
}

export async function fetchAccountData(client: CtctClient, needs: Needs, opts: CallOptions = {}): Promise<AccountData> {
  const data: AccountData = {};
  if (needs.lists) data.lists = (await client.contactLists(opts)).map((l) => ({ id: l.list_id, name: l.name }));
  if (needs.tags) data.tags = (await client.tags(opts)).map((t) => ({ id: t.tag_id, name: t.name }));
  if (needs.customFields) data.customFields = (await client.customFields(opts)).map((f) => ({ name: f.name, ...(f.label ? { label: f.label } : {}) }));
  if (needs.campaignActivities) {
    const activities: NonNullable<AccountData['campaignActivities']> = [];
    for (const c of await client.campaigns(opts)) {
      const detail = await client.campaign(c.campaign_id, opts);
      for (const a of detail.campaign_activities ?? []) activities.push({ id: a.campaign_activity_id, name: `${c.name} (${a.role})`, campaign: c.name });
    }
    data.campaignActivities = activities;
  }
  return data;
}
