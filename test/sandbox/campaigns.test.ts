// The sandbox's email campaigns: the sample account has each kind, activities are read with include= and
// replaced by PUT under the API's rules, schedules answer for SCHEDULED activities. Every answer is held to
// the published contract (fastSandbox checks answers: one that breaks it would come back as a 500).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkData } from '../../sandbox/src/data.js';
import { sampleData } from '../../sandbox/src/sampleData.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastSandbox } from '../api/sandboxFixture.js';

type Activity = Record<string, unknown> & { campaign_activity_id: string; current_status: string; format_type: number; contact_list_ids: string[]; segment_ids: number[] };
type Summary = { campaign_id: string; name: string; current_status: string; updated_at?: string };

describe('sandbox email campaigns', () => {
  let sb: Sandbox;
  before(async () => (sb = await fastSandbox()));
  after(() => sb.close());
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(sb.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${sb.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const campaignNamed = (name: string) => {
    const c = sb.state.data.campaigns.find((x) => x.name === name);
    assert.ok(c, name);
    return c.activities[0]!.campaign_activity_id;
  };
  const read = async (id: string, include = 'physical_address_in_footer,permalink_url,html_content,document_properties') => {
    const r = await call('GET', `/emails/activities/${id}${include ? `?include=${include}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as Activity;
  };
  const writable = (a: Activity) => {
    const { campaign_activity_id: _i, campaign_id: _c, role: _r, current_status: _s, format_type: _f, template_id: _t, permalink_url: _p, ...rest } = a;
    const address = { ...(rest.physical_address_in_footer as Record<string, unknown>) };
    delete address.country_name;
    delete address.state_name;
    const props = { ...(rest.document_properties as Record<string, unknown>) };
    delete props.letter_format;
    return { ...rest, physical_address_in_footer: address, document_properties: props };
  };

  it('lists campaigns of every kind, with statuses in title case, page by page', async () => {
    const first = await call('GET', '/emails?limit=10');
    assert.equal(first.status, 200);
    const page = first.body as { campaigns: Summary[]; _links?: { next?: { href: string } } };
    assert.equal(page.campaigns.length, 10);
    assert.ok(page._links?.next?.href);
    const all = [...page.campaigns];
    let next: string | undefined = page._links?.next?.href;
    while (next) {
      const r = await call('GET', next.replace('/v3', ''));
      const p = r.body as typeof page;
      all.push(...p.campaigns);
      next = p._links?.next?.href;
    }
    assert.equal(all.length, sb.state.data.campaigns.length);
    assert.deepEqual([...new Set(all.map((c) => c.current_status))].sort(), ['Done', 'Draft', 'Scheduled']);
  });

  it('has what each guard needs: legacy formats, contact lists, scheduled campaigns on a sample segment', () => {
    const activities = sb.state.data.campaigns.map((c) => c.activities[0]!);
    const segmentIds = new Set((sb.state.data.segments ?? []).map((s) => s.segment_id));
    assert.ok(activities.some((a) => a.format_type === 1) && activities.some((a) => a.format_type === 2));
    assert.ok(activities.some((a) => a.current_status === 'DRAFT' && a.contact_list_ids?.length));
    const scheduledOnSegment = activities.filter((a) => a.current_status === 'SCHEDULED' && a.segment_ids?.length);
    assert.ok(scheduledOnSegment.length >= 2);
    for (const a of scheduledOnSegment) assert.ok(segmentIds.has(a.segment_ids![0]!), 'the segment exists in the sample account');
    assert.ok(activities.some((a) => a.current_status === 'SCHEDULED' && a.contact_list_ids?.length));
  });

  it('leaves out the content unless include= asks for it', async () => {
    const id = campaignNamed('Draft: Fall Preview');
    const bare = await read(id, '');
    for (const k of ['html_content', 'physical_address_in_footer', 'permalink_url', 'document_properties']) assert.ok(!(k in bare), k);
    assert.equal(bare.current_status, 'DRAFT');
    assert.equal(bare.role, 'primary_email');
    const some = await read(id, 'html_content,permalink_url');
    assert.match(String(some.html_content), /\[\[trackingImage\]\]/);
    assert.match(String(some.permalink_url), /^https:\/\//);
    assert.ok(!('document_properties' in some));
    const full = await read(id);
    assert.equal((full.physical_address_in_footer as Record<string, unknown>).country_name, 'United States');
    assert.equal((full.document_properties as Record<string, unknown>).letter_format, 'HTML');
    assert.equal((await call('GET', `/emails/activities/${id}?include=everything`)).status, 400);
    assert.equal((await call('GET', '/emails/activities/00000000-0000-4000-8000-000000000000')).status, 404);
  });

  it('answers the schedule of a SCHEDULED activity, and an empty array otherwise', async () => {
    const scheduled = await call('GET', `/emails/activities/${campaignNamed('Summer Sale Preview')}/schedules`);
    assert.equal(scheduled.status, 200);
    assert.deepEqual(scheduled.body, [{ scheduled_date: '2025-06-06T14:00:00Z' }]);
    assert.deepEqual((await call('GET', `/emails/activities/${campaignNamed('Draft: Fall Preview')}/schedules`)).body, []);
  });

  it('refuses each PUT the API would, saying why', async () => {
    const refused = async (name: string, change: (body: Record<string, unknown>) => void, why: RegExp) => {
      const id = campaignNamed(name);
      const body = writable(await read(id));
      change(body);
      const r = await call('PUT', `/emails/activities/${id}`, body);
      assert.equal(r.status, 400, `${name}: ${JSON.stringify(r.body)}`);
      const [e] = r.body as { error_key: string; error_message: string }[];
      assert.match(e!.error_message, why);
    };
    await refused('Summer Sale Preview', (b) => (b.segment_ids = [2]), /in SCHEDULED status: only activities in DRAFT or DONE status can be updated/);
    await refused('Draft: Classic Template Notice', (b) => (b.segment_ids = [1]), /only for format_type 3, 4 and 5; this email campaign activity has format_type 2/);
    await refused('Draft: Welcome Series', (b) => (b.segment_ids = [1]), /contact_list_ids and segment_ids cannot be used together/);
    await refused('Draft: Fall Preview', (b) => (b.segment_ids = [1, 2]), /only one segment id/);
    await refused('Draft: Fall Preview', (b) => (b.segment_ids = [999]), /segment 999 was not found/);
    await refused('Draft: Fall Preview', (b) => (b.subject = '  '), /subject is required/);
    // The contract refuses read-only properties and a missing required one, with the API's generic 400.
    await refused('Draft: Fall Preview', (b) => (b.format_type = 5), /malformed or there was a data validation error/);
    await refused('Draft: Fall Preview', (b) => delete b.from_email, /malformed or there was a data validation error/);
  });

  it('checks the activity fields of a data file', () => {
    const data = JSON.parse(JSON.stringify(sampleData({ contacts: 2 }))) as Record<string, unknown> & { campaigns: { activities: Record<string, unknown>[] }[] };
    Object.assign(data.campaigns[0]!.activities[0]!, { current_status: 'SCHEDULED', scheduled_at: null, format_type: 7, segment_ids: ['one'] });
    const problems = checkData(data);
    assert.ok(problems.includes('campaigns[0].activities[0].scheduled_at must be set for a SCHEDULED activity'), problems.join('\n'));
    assert.ok(problems.includes('campaigns[0].activities[0].format_type must be a whole number from 1 to 5'));
    assert.ok(problems.includes('campaigns[0].activities[0].segment_ids must be an array of segment ids (whole numbers)'));
    assert.deepEqual(checkData(JSON.parse(JSON.stringify(sampleData({ contacts: 2 })))), [], 'the sample itself fits');
  });

  it('refuses a PUT of an activity whose role is not primary_email', async () => {
    const data = sampleData({ contacts: 5 });
    const resend = '3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c';
    data.campaigns[0]!.activities.push({ campaign_activity_id: resend, role: 'resend' });
    const other = await fastSandbox({ data });
    try {
      const r = await fetch(`${other.baseUrl}/emails/activities/${resend}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${other.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ from_name: 'a', from_email: 'a@example.com', reply_to_email: 'a@example.com', subject: 's' }),
      });
      assert.equal(r.status, 400);
      assert.match(JSON.stringify(await r.json()), /Only an email campaign activity with the primary_email role can be updated; this one has the resend role/);
    } finally {
      await other.close();
    }
  });

  it('replaces the activity with the body: what the body omits is gone, the server-set properties stay', async () => {
    const id = campaignNamed('Draft: Fall Preview');
    const before = await read(id);
    const ok = await call('PUT', `/emails/activities/${id}`, { ...writable(before), segment_ids: [1] });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const after = await read(id);
    assert.deepEqual({ ...after, segment_ids: before.segment_ids }, before, 'everything else as it was');
    assert.deepEqual(after.segment_ids, [1]);
    const summary = ((await call('GET', '/emails?limit=500')).body as { campaigns: Summary[] }).campaigns.find((c) => c.name === 'Draft: Fall Preview')!;
    assert.equal(summary.current_status, 'Draft');

    const partial: Record<string, unknown> = writable(after);
    delete partial.html_content;
    delete partial.physical_address_in_footer;
    assert.equal((await call('PUT', `/emails/activities/${id}`, partial)).status, 200);
    const wiped = await read(id);
    assert.ok(!('html_content' in wiped) && !('physical_address_in_footer' in wiped), 'an omitted property is dropped');
    assert.equal(wiped.campaign_id, before.campaign_id);
    assert.equal(wiped.format_type, 5);
    assert.ok(!('html_content' in sb.state.campaigns.activity(id)!));
  });
});
