/**
 * The sample account's email campaigns as an editor of them sees them: each primary_email activity's
 * format, status, audience (contact lists or a segment) and schedule, a few campaigns still to be sent,
 * and the two segments some of them go to. Everything here is derived from the generated account or drawn
 * from a generator of its own, so the contacts, sends and opens drawn before stay exactly as they were.
 */
import type { SandboxActivity, SandboxCampaign, SandboxData, SandboxSegment } from './data.js';
import { prng, uuid } from './sampleData.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The ids of the sample segments (the sandbox numbers new segments after them). */
export const SAMPLE_SEGMENT_IDS = { goldTier: 1, newsletterReaders: 2 } as const;

export function withSampleCampaigns(data: SandboxData, seed: number): SandboxData {
  const rand = prng(seed ^ 0x5eed_ca4a);
  const now = Date.parse(data.now!);
  const listId = (name: string) => data.lists.find((l) => l.name === name)!.list_id;
  const criteria = (group: unknown[]) => JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group } });
  const segments: SandboxSegment[] = [
    {
      segment_id: SAMPLE_SEGMENT_IDS.goldTier,
      name: 'Gold tier customers (sample)',
      segment_criteria: criteria([{ source: 'contact', field: 'customer_tier', op: 'eq', value: 'gold' }]),
      created_at: iso(now - 200 * DAY),
      edited_at: iso(now - 41 * DAY),
    },
    {
      segment_id: SAMPLE_SEGMENT_IDS.newsletterReaders,
      name: 'Newsletter readers (sample)',
      segment_criteria: criteria([
        { source: 'list_membership', field: 'list_id', op: 'eq', value: listId('Newsletter') },
        { source: 'tracking', field: 'opened', op: 'contains-any', const_value: 'last-n-campaigns', param: '5' },
      ]),
      created_at: iso(now - 150 * DAY),
      edited_at: iso(now - 150 * DAY),
    },
  ];

  // The generated campaigns: the newest is a draft, the others were sent (DONE), mostly to the Newsletter
  // list; the two oldest were made in the legacy editors, and one recent one went to a segment.
  const sent = data.campaigns.filter((c) => c.activities[0]?.sent_at);
  const campaigns: SandboxCampaign[] = data.campaigns.map((c) => {
    const a = c.activities[0]!;
    if (!a.sent_at) return { ...c, activities: [{ ...a, current_status: 'DRAFT', format_type: 5 }] };
    const age = sent.indexOf(c);
    const format = age === sent.length - 1 ? 1 : age === sent.length - 2 ? 2 : [5, 5, 3, 4][age % 4]!;
    const audience: Partial<SandboxActivity> = age === 2 ? { segment_ids: [SAMPLE_SEGMENT_IDS.newsletterReaders] } : { contact_list_ids: [listId('Newsletter')] };
    return { ...c, activities: [{ ...a, current_status: 'DONE', format_type: format, ...audience }] };
  });

  // Campaigns still to come: two scheduled to the Gold tier segment, one to a list; drafts of each kind.
  const at = (days: number) => iso(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + days, 14));
  const planned: [string, Omit<SandboxActivity, 'campaign_activity_id'>][] = [
    ['Summer Sale Preview', { current_status: 'SCHEDULED', scheduled_at: at(4), format_type: 5, segment_ids: [SAMPLE_SEGMENT_IDS.goldTier] }],
    ['Weekend Flash Sale', { current_status: 'SCHEDULED', scheduled_at: at(11), format_type: 4, segment_ids: [SAMPLE_SEGMENT_IDS.goldTier] }],
    ['Member Appreciation Night', { current_status: 'SCHEDULED', scheduled_at: at(6), format_type: 5, contact_list_ids: [listId('VIP')] }],
    ['Draft: Welcome Series', { current_status: 'DRAFT', format_type: 4, contact_list_ids: [listId('Newsletter'), listId('Customers')] }],
    ['Draft: Holiday Teaser', { current_status: 'DRAFT', format_type: 3, segment_ids: [SAMPLE_SEGMENT_IDS.newsletterReaders] }],
    ['Draft: Classic Template Notice', { current_status: 'DRAFT', format_type: 2 }],
  ];
  for (const [name, activity] of planned) {
    campaigns.push({ campaign_id: uuid(rand), name, activities: [{ campaign_activity_id: uuid(rand), role: 'primary_email', sent_at: null, ...activity }] });
  }
  return { ...data, campaigns, segments: [...(data.segments ?? []), ...segments] };
}
