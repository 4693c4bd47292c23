// The editor's words for attach, freeze and the delete guard: each refusal names its reason and what to do,
// questions name what they would replace, and the missing campaign_data scope offers a new sign-in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  attachMessage,
  DELETE_ANYWAY,
  deleteAnywayDetail,
  deleteGuardQuestion,
  freezeMessage,
  listNameProblem,
  replaceQuestion,
  SIGN_IN_AGAIN,
} from '../../client/src/commands/campaignMessages.js';

const campaign = { campaignId: 'c1', name: 'Summer Sale', status: 'Scheduled' };
const segment = 'segment 7 "Gold"';
const list = { listId: 'l1', name: 'Newsletter' };

describe("the editor's words for attach", () => {
  it('names each refusal and what to do, with the buttons the editor offers instead of flags', () => {
    const status = attachMessage(segment, { kind: 'refused', reason: 'status', campaign, activityId: 'a1', status: 'SCHEDULED' });
    assert.equal(status, 'Segment 7 "Gold" was not attached: campaign "Summer Sale" is Scheduled; only a Draft or Done campaign can change its audience. Unschedule it in Constant Contact first, or choose another campaign.');
    assert.match(attachMessage(segment, { kind: 'refused', reason: 'format-type', campaign, activityId: 'a1', formatType: 1 }), /is a format_type 1 email, made in a legacy editor/);
    const lists = attachMessage(segment, { kind: 'refused', reason: 'contact-lists', campaign, activityId: 'a1', lists: [list, { listId: 'l2' }] });
    assert.match(lists, /sent to contact lists \("Newsletter", l2\).*choose "Replace the lists"/);
    assert.doesNotMatch(lists, /--replace/);
    assert.match(attachMessage(segment, { kind: 'refused', reason: 'other-segment', campaign, activityId: 'a1', segmentIds: [2] }), /sent to segment 2, and a campaign takes one segment\. Attach again and choose "Replace segment 2"/);
    assert.match(attachMessage(segment, { kind: 'refused', reason: 'missing-scope', scope: 'campaign_data' }), /not granted access to email campaigns \(the campaign_data scope\)\. Sign in again and allow campaign access\./);
  });

  it('says what an attach did, and asks before replacing, naming the lists or the segment', () => {
    assert.equal(
      attachMessage(segment, { kind: 'attached', campaign, activityId: 'a1', segmentId: 7, replacedSegmentIds: [], removedLists: [list], activity: { campaign_activity_id: 'a1' } as never }),
      'Segment 7 "Gold" is now the audience of campaign "Summer Sale". Removed the contact lists it was sent to: "Newsletter".',
    );
    const q = replaceQuestion(segment, { kind: 'refused', reason: 'contact-lists', campaign, activityId: 'a1', lists: [list] });
    assert.deepEqual([q.message, q.choices], ['The campaign "Summer Sale" is sent to contact lists: "Newsletter". Replace the lists with segment 7 "Gold"?', ['Replace the lists']]);
    assert.deepEqual(replaceQuestion(segment, { kind: 'refused', reason: 'other-segment', campaign, activityId: 'a1', segmentIds: [2, 3] }).choices, ['Replace segments 2, 3']);
  });
});

describe("the editor's words for the delete guard", () => {
  it('names the scheduled campaigns and their send dates', () => {
    const g = { kind: 'in-use' as const, segmentId: 7, uses: [{ campaign, activityId: 'a1', scheduledDates: ['2026-12-04T14:00:00Z'] }] };
    const q = deleteGuardQuestion(segment, g);
    assert.equal(q.message, 'Not deleted: segment 7 "Gold" is the audience of a scheduled campaign.');
    assert.match(q.detail!, /^campaign "Summer Sale", scheduled for 2026-12-04 14:00 UTC\n/);
    assert.deepEqual(q.choices, [DELETE_ANYWAY]);
    assert.equal(deleteAnywayDetail(g), 'campaign "Summer Sale" will have no audience.');
  });

  it('says why it cannot check, and offers a new sign-in when the scope is missing', () => {
    const scope = deleteGuardQuestion(segment, { kind: 'cannot-check', reason: 'missing-scope', scope: 'campaign_data' });
    assert.match(scope.detail!, /not granted access to email campaigns \(the campaign_data scope\)/);
    assert.deepEqual(scope.choices, [DELETE_ANYWAY, SIGN_IN_AGAIN]);
    const forbidden = deleteGuardQuestion(segment, { kind: 'cannot-check', reason: 'forbidden', message: 'GET /emails: permission denied (403).' });
    assert.match(forbidden.detail!, /they could not be read: GET \/emails: permission denied \(403\)\./);
    assert.deepEqual(forbidden.choices, [DELETE_ANYWAY]);
  });
});

describe("the editor's words for freeze", () => {
  const frozen = { kind: 'frozen' as const, segment: { segmentId: 7, name: 'Gold' }, list, created: true, activityId: 'x', contacts: { total: 12, notAdded: 0 }, membershipCount: 12 };

  it('says how many contacts the list holds now, and that it was created', () => {
    assert.equal(freezeMessage('gold.segment.json', frozen), 'Added the 12 contacts of segment 7 "Gold" to list "Newsletter", created for them. List "Newsletter" now holds 12 contacts.');
    assert.match(freezeMessage('gold.segment.json', { ...frozen, created: false, contacts: { total: 12, notAdded: 2 }, membershipCount: 30 }), /^Added 10 of the 12 contacts .* 2 contacts could not be added: a contact can be on at most 50 lists\. List "Newsletter" now holds 30 contacts\.$/);
  });

  it('says a created list is kept when adding the contacts failed', () => {
    assert.match(freezeMessage('gold.segment.json', { kind: 'refused', reason: 'activity-failed', activityId: 'x', state: 'failed', errors: ['Boom.'], segmentId: 7, list, created: true }), /ended as "failed"\. The API said: Boom\. List "Newsletter" was created and is kept\.$/);
  });

  it("refuses an empty, too long or taken name for a new list", () => {
    assert.equal(listNameProblem(' ', ['Newsletter'], 255), 'A list needs a name.');
    assert.match(listNameProblem('x'.repeat(256), [], 255)!, /at most 255 characters; this one has 256/);
    assert.match(listNameProblem('NEWSLETTER', ['Newsletter'], 255)!, /A list is named "Newsletter" already/);
    assert.equal(listNameProblem('VIP 2', ['Newsletter'], 255), undefined);
  });
});
