/**
 * The built-in sample account: a few hundred realistic contacts with lists, tags, custom fields, two years
 * of campaigns and their sends, opens and clicks. Generated from a seed (no network, no randomness between
 * runs), so tests can rely on it and the same criteria always select the same contacts.
 */
import type { SandboxContact, SandboxData, SandboxSend } from './data.js';
import { withSampleCampaigns } from './sampleCampaigns.js';

/** mulberry32: small, fast, good enough for sample data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(rand() * 4)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'Lucas', 'Mia', 'Mateo', 'Amelia', 'Benjamin', 'Harper', 'Theo', 'Evelyn', 'Henry', 'Abigail', 'Jack', 'Priya', 'Wei', 'Fatima', 'Diego', 'Aisha', 'Kenji', 'Sofia', 'Omar', 'Chloe', 'Daniel', 'Grace', 'Samuel', 'Zoe', 'Nathan', 'Leah', 'Isaac', 'Nora', 'Gabriel', 'Hannah', 'Ryan'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Patel', 'Kim', "O'Brien"];
const PLACES: [string, string, string, string][] = [
  ['Boston', 'MA', '02108', 'United States'],
  ['Waltham', 'MA', '02451', 'United States'],
  ['Worcester', 'ma', '01608', 'United States'],
  ['Providence', 'RI', '02903', 'United States'],
  ['Hartford', 'CT', '06103', 'United States'],
  ['New Haven', 'Connecticut', '06510', 'United States'],
  ['Portland', 'ME', '04101', 'United States'],
  ['Burlington', 'VT', '05401', 'United States'],
  ['Manchester', 'NH', '03101', 'United States'],
  ['New York', 'NY', '10001', 'United States'],
  ['Chicago', 'IL', '60601', 'United States'],
  ['Austin', 'TX', '73301', 'United States'],
  ['Denver', 'CO', '80202', 'United States'],
  ['Seattle', 'WA', '98101', 'United States'],
  ['Toronto', 'ON', 'M5H 2N2', 'Canada'],
  ['London', '', 'SW1A 1AA', 'United Kingdom'],
];
const TITLES = ['Director', 'Director of Marketing', 'director of sales', 'Marketing Manager', 'Owner', 'Engineer', 'Sales Representative', 'VP Sales', 'Teacher', 'Consultant', 'Office Manager', '', null];
const COMPANIES = ['Acme Outfitters', 'Blue Harbor Books', 'Cedar & Pine', 'Northwind Traders', 'Granite Coffee Co.', 'Riverbend Dental', 'Summit Yoga', 'Lighthouse Realty', null];
const SOURCES = ['Account', 'Contact', 'Form', 'Import'];
const LISTS = ['Newsletter', 'Customers', 'VIP', 'Events', 'Wholesale', 'Webinar attendees'];
const TAGS = ['Prospect', 'Lead - Hot', 'Lead - Cold', 'Volunteer', 'Donor', 'Press', 'Partner'];
const CAMPAIGN_TOPICS = ['Spring Sale', 'Monthly Newsletter', 'New Arrivals', 'Customer Survey', 'Holiday Gift Guide', 'Webinar Invitation', 'Loyalty Rewards', 'Back in Stock', 'Event Reminder', 'Summer Clearance', 'Thank You', 'Product Tips'];

const DAY = 86_400_000;
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export interface SampleOptions {
  seed?: number;
  contacts?: number;
  campaigns?: number;
  /** The evaluator's clock for the sample. */
  now?: string;
}

export function sampleData(opts: SampleOptions = {}): SandboxData {
  const seed = opts.seed ?? 20240601;
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const nowIso = opts.now ?? '2025-06-02T12:00:00Z';
  const now = Date.parse(nowIso);
  const nContacts = opts.contacts ?? 320;
  const nCampaigns = opts.campaigns ?? 24;

  const lists = LISTS.map((name) => ({ list_id: uuid(rand), name }));
  const tags = TAGS.map((name) => ({ tag_id: uuid(rand), name }));
  const custom_fields = [
    { custom_field_id: uuid(rand), name: 'customer_tier', label: 'Customer tier', type: 'string' },
    { custom_field_id: uuid(rand), name: 'preferred_store', label: 'Preferred store', type: 'string' },
    { custom_field_id: uuid(rand), name: 'favorite_product', label: 'Favorite product', type: 'string' },
  ];

  // Campaigns, one about every 30 days going back from a few days before "now"; the newest is a draft.
  const campaigns: SandboxData['campaigns'] = [];
  for (let i = 0; i < nCampaigns; i++) {
    const sentAt = now - 3 * DAY - i * 30 * DAY - Math.floor(rand() * 5) * DAY + 14 * 3_600_000;
    const topic = CAMPAIGN_TOPICS[i % CAMPAIGN_TOPICS.length]!;
    const month = new Date(sentAt).toISOString().slice(0, 7);
    campaigns.push({
      campaign_id: uuid(rand),
      name: `${topic} ${month}`,
      activities: [{ campaign_activity_id: uuid(rand), role: 'primary_email', sent_at: iso(sentAt) }],
    });
  }
  campaigns.unshift({ campaign_id: uuid(rand), name: 'Draft: Fall Preview', activities: [{ campaign_activity_id: uuid(rand), role: 'primary_email', sent_at: null }] });

  const contacts: SandboxContact[] = [];
  const sends: SandboxSend[] = [];
  for (let i = 0; i < nContacts; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const place = pick(PLACES);
    const created = now - Math.floor(rand() * 4 * 365 * DAY) - DAY;
    const updated = Math.min(now - 3_600_000, created + Math.floor(rand() * 400 * DAY));
    const memberships = lists.filter((_, li) => rand() < (li === 0 ? 0.7 : 0.22)).map((l) => l.list_id);
    const taggings = tags.filter(() => rand() < 0.15).map((t) => t.tag_id);
    const blankish = rand();
    const contact: SandboxContact = {
      contact_id: uuid(rand),
      email_address: `${first}.${last}${i}@example.com`.toLowerCase().replace(/'/g, ''),
      first_name: blankish < 0.04 ? null : first,
      last_name: blankish < 0.04 ? '' : last,
      job_title: pick(TITLES),
      company_name: pick(COMPANIES),
      birthday_month: rand() < 0.7 ? 1 + Math.floor(rand() * 12) : null,
      birthday_day: rand() < 0.7 ? 1 + Math.floor(rand() * 28) : null,
      anniversary: rand() < 0.2 ? iso(now - Math.floor(rand() * 3000) * DAY).slice(0, 10) : null,
      street: rand() < 0.8 ? `${1 + Math.floor(rand() * 999)} ${pick(['Main', 'Elm', 'Oak', 'Maple', 'Harbor', 'Congress'])} St` : null,
      city: place[0],
      state: blankish > 0.96 ? '   ' : place[1],
      postal_code: place[2],
      country: place[3],
      source: pick(SOURCES),
      created_at: iso(created),
      updated_at: iso(updated),
      list_memberships: memberships,
      taggings,
      custom_fields: {
        customer_tier: rand() < 0.6 ? pick(['Gold', 'Silver', 'Bronze', 'gold']) : null,
        preferred_store: rand() < 0.5 ? pick(['Downtown', 'Harbor Point', 'Online']) : null,
        favorite_product: rand() < 0.3 ? pick(['Trail Shoes', 'Rain Jacket', 'Day Pack']) : null,
      },
    };
    contacts.push(contact);
    // Engagement varies per contact; nobody is sent a campaign from before they were added.
    const engagement = rand() < 0.2 ? 0 : rand();
    const onMailingList = memberships.length > 0;
    for (const c of campaigns) {
      const a = c.activities[0]!;
      if (!a.sent_at || Date.parse(a.sent_at) < created || !onMailingList || rand() < 0.1) continue;
      const sentAt = Date.parse(a.sent_at);
      const send: SandboxSend = { contact_id: contact.contact_id, campaign_activity_id: a.campaign_activity_id };
      if (rand() < engagement) {
        send.opened_at = iso(sentAt + Math.floor(rand() * 3 * DAY));
        if (rand() < 0.35) send.clicked_at = iso(Date.parse(send.opened_at) + Math.floor(rand() * 3_600_000));
      }
      sends.push(send);
    }
  }

  // Campaign content, statuses and segments come from a generator of their own: the stream above is untouched.
  return withSampleCampaigns(
    {
      account: { encoded_account_id: 'sandbox-sample', organization_name: 'Sandbox Outfitters (sample data)' },
      now: nowIso,
      lists,
      tags,
      custom_fields,
      campaigns,
      contacts,
      sends,
    },
    seed,
  );
}
