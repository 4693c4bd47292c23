// The attach and delete-guard decisions: the guards in their order on an activity, campaigns found by id or
// name, the PUT body, and the outcomes against the sandbox (a missing scope before any request).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Campaign, EmailCampaignActivity } from '../../api/src/types.js';
import { attachSegment, checkActivity } from '../../domain/src/attach.js';
import { attachableCampaigns, matchCampaign } from '../../domain/src/campaigns.js';
import { checkSegmentDelete, deleteAllowed } from '../../domain/src/deleteGuard.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';

const activity = (over: Partial<EmailCampaignActivity> = {}): EmailCampaignActivity => ({
  campaign_activity_id: 'a1',
  campaign_id: 'c1',
  role: 'primary_email',
  current_status: 'DRAFT',
  format_type: 5,
  permalink_url: 'https://example.com/p',
  contact_list_ids: [],
  segment_ids: [],
  from_name: 'A',
  from_email: 'a@example.com',
  reply_to_email: 'a@example.com',
  subject: 'S',
  html_content: '<p>hi</p>',
  document_properties: { letter_format: 'HTML', view_as_webpage_enabled: 'true' },
  ...over,
});

describe('checkActivity: the guards in order', () => {
  it('refuses a legacy format before anything else', () => {
    assert.deepEqual(checkActivity(activity({ format_type: 1, current_status: 'SCHEDULED', contact_list_ids: ['l'] }), 7), { kind: 'refused', reason: 'format-type', formatType: 1 });
    assert.equal(checkActivity(activity({ format_type: undefined }), 7).kind, 'refused');
  });
  it('then a status other than DRAFT or DONE, compared without case', () => {
    assert.deepEqual(checkActivity(activity({ current_status: 'Scheduled', contact_list_ids: ['l'] }), 7), { kind: 'refused', reason: 'status', status: 'Scheduled' });
    assert.equal(checkActivity(activity({ current_status: 'done' }), 7).kind, 'ok');
    assert.equal(checkActivity(activity({ current_status: 'Draft' }), 7).kind, 'ok');
  });
  it('then contact lists, unless replaced; then another segment, unless replaced', () => {
    assert.deepEqual(checkActivity(activity({ contact_list_ids: ['l1', 'l2'] }), 7), { kind: 'refused', reason: 'contact-lists', listIds: ['l1', 'l2'] });
    assert.deepEqual(checkActivity(activity({ segment_ids: [3] }), 7), { kind: 'refused', reason: 'other-segment', segmentIds: [3] });
    const lists = checkActivity(activity({ contact_list_ids: ['l1'] }), 7, { replaceLists: true });
    assert.ok(lists.kind === 'ok');
    assert.deepEqual(lists.removedListIds, ['l1']);
    assert.ok(!('contact_list_ids' in lists.body));
    const other = checkActivity(activity({ segment_ids: [3] }), 7, { replace: true });
    assert.ok(other.kind === 'ok');
    assert.deepEqual(other.replacedSegmentIds, [3]);
    assert.deepEqual(other.body.segment_ids, [7]);
  });
  it('has nothing to do when the segment is already the audience', () => {
    assert.deepEqual(checkActivity(activity({ segment_ids: [7] }), 7), { kind: 'already-attached' });
    assert.deepEqual(checkActivity(activity({ segment_ids: [7], current_status: 'SCHEDULED' }), 7), { kind: 'already-attached' });
  });
  it('builds the PUT body from the whole activity, read-only properties out, only the audience changed', () => {
    const read = activity();
    const check = checkActivity(read, 7);
    assert.ok(check.kind === 'ok');
    assert.deepEqual(check.body, {
      segment_ids: [7],
      from_name: 'A',
      from_email: 'a@example.com',
      reply_to_email: 'a@example.com',
      subject: 'S',
      html_content: '<p>hi</p>',
      document_properties: { view_as_webpage_enabled: 'true' },
    });
    assert.deepEqual(read.segment_ids, [], 'the activity read is not changed');
  });
});

describe('matchCampaign', () => {
  const c = (campaign_id: string, name: string, current_status = 'Draft'): Campaign => ({ campaign_id, name, current_status });
  const list = [c('id-1', 'Spring Sale'), c('id-2', 'Fall news', 'Done'), c('id-3', 'fall NEWS ', 'Scheduled')];
  it('finds by id first, then by name without case', () => {
    assert.deepEqual(matchCampaign(list, 'id-2'), { kind: 'found', campaign: { campaignId: 'id-2', name: 'Fall news', status: 'Done' } });
    assert.deepEqual(matchCampaign(list, ' spring sale'), { kind: 'found', campaign: { campaignId: 'id-1', name: 'Spring Sale', status: 'Draft' } });
  });
  it('says when none or several have the name', () => {
    assert.deepEqual(matchCampaign(list, 'Winter'), { kind: 'not-found' });
    const m = matchCampaign(list, 'Fall News');
    assert.equal(m.kind, 'ambiguous');
    assert.deepEqual(m.kind === 'ambiguous' && m.matches.map((x) => x.campaignId), ['id-2', 'id-3']);
  });
});

describe('attach and the delete guard against the sandbox', () => {
  let sb: Sandbox;
  before(async () => (sb = await fastSandbox()));
  after(() => sb.close());

  it('refuses without campaign_data before any request', async () => {
    const client = fastClient(sb, { auth: { getToken: async () => sb.token, grantedScopes: async () => ['contact_data', 'account_read'] } });
    const before = sb.requests;
    assert.deepEqual(await attachSegment(client, 1, 'Draft: Fall Preview'), { kind: 'refused', reason: 'missing-scope', scope: 'campaign_data' });
    assert.deepEqual(await checkSegmentDelete(client, 1), { kind: 'cannot-check', reason: 'missing-scope', scope: 'campaign_data' });
    assert.equal(sb.requests, before);
  });

  it('names the scheduled campaigns that use a segment, with their send dates', async () => {
    const guard = await checkSegmentDelete(fastClient(sb), 1);
    assert.equal(guard.kind, 'in-use');
    assert.deepEqual(
      guard.kind === 'in-use' && guard.uses.map((u) => [u.campaign.name, u.campaign.status, u.scheduledDates]),
      [
        ['Summer Sale Preview', 'Scheduled', ['2025-06-06T14:00:00Z']],
        ['Weekend Flash Sale', 'Scheduled', ['2025-06-13T14:00:00Z']],
      ],
    );
    assert.equal(deleteAllowed(guard, false), false);
    assert.equal(deleteAllowed(guard, true), true);
    const clear = await checkSegmentDelete(fastClient(sb), 2);
    assert.deepEqual(clear, { kind: 'clear', scheduledCampaigns: 3 });
    assert.equal(deleteAllowed(clear, false), true);
  });

  it('says the campaigns cannot be read when the user lacks the privilege', async () => {
    sb.setFaults({ forbidden: { times: 1, match: 'GET /v3/emails' } });
    const guard = await checkSegmentDelete(fastClient(sb), 1);
    assert.equal(guard.kind === 'cannot-check' && guard.reason, 'forbidden');
    assert.equal(deleteAllowed(guard, false), false);
  });

  it('offers the Draft and Done campaigns for a pick list', async () => {
    const picks = await attachableCampaigns(fastClient(sb));
    assert.ok(picks.length > 20);
    assert.ok(picks.every((p) => p.status === 'Draft' || p.status === 'Done'));
    assert.ok(picks.some((p) => p.name === 'Draft: Fall Preview'));
    assert.ok(!picks.some((p) => p.name === 'Summer Sale Preview'));
  });

  it('says what would change without writing, on a dry run', async () => {
    const c = sb.state.data.campaigns.find((x) => x.name === 'Draft: Welcome Series')!;
    const before = structuredClone(sb.state.campaigns.activity(c.activities[0]!.campaign_activity_id));
    const o = await attachSegment(fastClient(sb), 2, 'Draft: Welcome Series', { replaceLists: true, dryRun: true });
    assert.equal(o.kind, 'would-attach');
    assert.deepEqual(o.kind === 'would-attach' && o.removedLists.map((l) => l.name), ['Newsletter', 'Customers']);
    assert.deepEqual(sb.state.campaigns.activity(c.activities[0]!.campaign_activity_id), before, 'nothing written');
  });

  it('returns the written activity when attached', async () => {
    const o = await attachSegment(fastClient(sb), 2, 'Draft: Fall Preview');
    assert.equal(o.kind, 'attached');
    assert.deepEqual(o.kind === 'attached' && o.activity.segment_ids, [2]);
  });
});
