// Attach to Campaign…, Freeze Audience into List… and the guarded delete, against the sandbox's sample
// campaigns (sandbox/src/sampleCampaigns.ts): questions and picks are answered through the commands'
// `ask`, `pick` and `askName` options, and what changed is read back through a client of its own.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { ALL_ACTIVITY_INCLUDES } from '../../../api/src/emailActivity';
import { CtctClient } from '../../../api/src/client';
import type { EmailCampaignActivity } from '../../../api/src/types';
import type { AttachOutcome } from '../../../domain/src/attach';
import type { FreezeOutcome } from '../../../domain/src/freeze';
import { missingCampaignScope, sendDate } from '../../../client/src/commands/campaignMessages';
import type { NameBox, Pick, PickItem, Question } from '../../../client/src/commands/choices';
import { api, openedLastN, sandboxSession, segmentIdIn, uniqueName, withOwnSandbox, withSandboxSession, writeSegment } from './sandboxSession';
import { sandboxReader, setSandboxFaults } from './sandboxReader';

/** Answers picks by label and questions from a list, keeping what was shown. */
function answers(opts: { pick?: string; ask?: (string | undefined)[]; name?: string }) {
  const picks: Pick[] = [];
  const questions: Question[] = [];
  const boxes: NameBox[] = [];
  const given = [...(opts.ask ?? [])];
  return {
    picks,
    questions,
    boxes,
    options: {
      pick: async (p: Pick): Promise<PickItem | undefined> => (picks.push(p), p.items.find((i) => i.label === opts.pick)),
      ask: async (q: Question) => (questions.push(q), given.shift()),
      askName: async (b: NameBox) => (boxes.push(b), opts.name),
    },
  };
}

/** A campaign of the sample account and its primary_email activity, read back whole. */
async function campaignNamed(client: CtctClient, name: string): Promise<{ campaignId: string; activityId: string; activity: () => Promise<EmailCampaignActivity> }> {
  const c = (await client.campaigns()).find((x) => x.name === name);
  assert.ok(c, `the sandbox has no campaign "${name}" (sandbox/src/sampleCampaigns.ts)`);
  const activityId = (await client.campaign(c.campaign_id)).campaign_activities.find((a) => a.role === 'primary_email')?.campaign_activity_id;
  assert.ok(activityId, `campaign "${name}" has no primary_email activity`);
  return { campaignId: c.campaign_id, activityId, activity: () => client.emailActivity(activityId, { include: ALL_ACTIVITY_INCLUDES }) };
}

/** The activity but for its audience and when it was last written: what a change of audience must keep. */
function withoutAudience(a: EmailCampaignActivity): Record<string, unknown> {
  const { segment_ids: _s, contact_list_ids: _l, updated_at: _u, ...rest } = a as EmailCampaignActivity & { updated_at?: string };
  return rest;
}

suite('attach to a campaign, freeze into a list, guarded delete', () => {
  withSandboxSession();
  let reader: CtctClient;
  let segmentId: number;
  let uri: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(120_000);
    const a = await sandboxSession(this);
    reader = await sandboxReader(a);
    const { document } = await writeSegment('campaigns-audience.segment.json', openedLastN(uniqueName('Campaign audience')));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    segmentId = segmentIdIn(document)!;
    uri = document.uri;
  });

  test('Attach offers only Draft and Done campaigns, attaches, and the email reads back as it was but for its audience', async function () {
    this.timeout(90_000);
    const c = await campaignNamed(reader, 'Draft: Fall Preview');
    const before = await c.activity();
    assert.ok(before.html_content, 'the draft has content to keep');
    const run = answers({ pick: 'Draft: Fall Preview' });
    const outcome = await vscode.commands.executeCommand<AttachOutcome>('segmentCriteria.attachToCampaign', uri, run.options);
    assert.equal(outcome?.kind, 'attached', JSON.stringify(outcome));
    assert.deepEqual(run.questions, [], 'nothing to replace: nothing asked');
    const statuses = new Set(run.picks[0]!.items.map((i) => i.description?.toUpperCase()));
    assert.deepEqual([...statuses].sort(), ['DONE', 'DRAFT']);
    assert.ok(!run.picks[0]!.items.some((i) => i.label === 'Summer Sale Preview'), 'a scheduled campaign is not offered');

    const after = await c.activity();
    assert.deepEqual(after.segment_ids, [segmentId]);
    assert.deepEqual(withoutAudience(after), withoutAudience(before), 'the PUT kept the whole email');

    const again = await vscode.commands.executeCommand<AttachOutcome>('segmentCriteria.attachToCampaign', uri, answers({ pick: 'Draft: Fall Preview' }).options);
    assert.equal(again?.kind, 'already-attached');
  });

  test('Attach refuses a legacy-format campaign, naming why, and changes nothing', async function () {
    this.timeout(60_000);
    const a = await api();
    const c = await campaignNamed(reader, 'Draft: Classic Template Notice');
    const before = await c.activity();
    const outcome = await vscode.commands.executeCommand<AttachOutcome>('segmentCriteria.attachToCampaign', uri, answers({ pick: 'Draft: Classic Template Notice' }).options);
    assert.equal(outcome?.kind === 'refused' && outcome.reason, 'format-type');
    const notice = a.errorNotices().find((m) => m.includes('Draft: Classic Template Notice'));
    assert.match(notice ?? '', /was not attached: campaign "Draft: Classic Template Notice" is a format_type 2 email, made in a legacy editor/);
    assert.deepEqual(await c.activity(), before);
  });

  test('Attach asks before replacing contact lists, naming them: declining changes nothing, agreeing swaps them out', async function () {
    this.timeout(90_000);
    const c = await campaignNamed(reader, 'Draft: Welcome Series');
    const before = await c.activity();
    assert.ok(before.contact_list_ids?.length, 'the campaign is sent to lists');

    const declined = answers({ pick: 'Draft: Welcome Series', ask: [undefined] });
    const refused = await vscode.commands.executeCommand<AttachOutcome>('segmentCriteria.attachToCampaign', uri, declined.options);
    assert.equal(refused?.kind === 'refused' && refused.reason, 'contact-lists');
    assert.equal(declined.questions.length, 1);
    assert.match(declined.questions[0]!.message, /campaign "Draft: Welcome Series" is sent to contact lists: "Newsletter", "Customers"\. Replace the lists with segment \d+ "Campaign audience/);
    assert.deepEqual(declined.questions[0]!.choices, ['Replace the lists']);
    assert.deepEqual(await c.activity(), before, 'declined: the campaign is as it was');

    const agreed = answers({ pick: 'Draft: Welcome Series', ask: ['Replace the lists'] });
    const outcome = await vscode.commands.executeCommand<AttachOutcome>('segmentCriteria.attachToCampaign', uri, agreed.options);
    assert.equal(outcome?.kind, 'attached', JSON.stringify(outcome));
    assert.deepEqual(outcome.kind === 'attached' && outcome.removedLists.map((l) => l.name), ['Newsletter', 'Customers']);
    const after = await c.activity();
    assert.deepEqual(after.segment_ids, [segmentId]);
    assert.deepEqual(after.contact_list_ids ?? [], []);
    assert.deepEqual(withoutAudience(after), withoutAudience(before), 'the PUT kept the whole email');
  });

  test('Attach asks before replacing another segment', async function () {
    this.timeout(60_000);
    const c = await campaignNamed(reader, 'Draft: Holiday Teaser');
    const other = (await c.activity()).segment_ids ?? [];
    assert.equal(other.length, 1);
    const run = answers({ pick: 'Draft: Holiday Teaser', ask: [`Replace segment ${other[0]}`] });
    const outcome = await vscode.commands.executeCommand<AttachOutcome>('segmentCriteria.attachToCampaign', uri, run.options);
    assert.equal(outcome?.kind, 'attached', JSON.stringify(outcome));
    assert.match(run.questions[0]?.message ?? '', new RegExp(`is sent to segment ${other[0]}\\. Replace it with segment ${segmentId} `));
    assert.deepEqual((await c.activity()).segment_ids, [segmentId]);
  });

  test('Freeze into a new list creates it and it holds the contacts; into an existing list adds them once', async function () {
    this.timeout(120_000);
    const name = uniqueName('Frozen audience');
    const fresh = answers({ pick: 'New list…', name });
    const created = await vscode.commands.executeCommand<FreezeOutcome>('segmentCriteria.freezeToList', uri, fresh.options);
    assert.equal(created?.kind, 'frozen', JSON.stringify(created));
    assert.equal(fresh.picks[0]!.items[0]!.label, 'New list…');
    assert.ok(fresh.picks[0]!.items.some((i) => i.label === 'Newsletter'), "the account's lists are offered");
    const box = fresh.boxes[0]!;
    assert.equal(box.validateInput(''), 'A list needs a name.');
    assert.match(box.validateInput('newsletter') ?? '', /A list is named "Newsletter" already/);
    assert.equal(box.validateInput(name), undefined);
    assert.ok(created.kind === 'frozen' && created.created && created.list.name === name);
    const total = created.contacts.total ?? 0;
    assert.ok(total > 0, 'the segment selects some contacts');
    assert.equal(created.membershipCount, total);
    const list = (await reader.contactLists()).find((l) => l.name === name);
    assert.ok(list, 'the list exists in the account');
    assert.equal((await reader.getList(list.list_id)).membership_count, total);

    const existing = answers({ pick: name });
    const again = await vscode.commands.executeCommand<FreezeOutcome>('segmentCriteria.freezeToList', uri, existing.options);
    assert.equal(again?.kind, 'frozen', JSON.stringify(again));
    assert.ok(again.kind === 'frozen' && !again.created && again.list.listId === list.list_id);
    assert.equal(again.membershipCount, total, 'contacts already on the list stay once');
    assert.equal((await reader.contactLists()).filter((l) => l.name === name).length, 1, 'no second list');
  });

  test('Delete refuses the sample segment that scheduled campaigns use, naming them and their send dates; Delete anyway takes a second confirmation', async function () {
    this.timeout(120_000);
    const gold = (await reader.listSegments()).find((s) => s.segment_id === 1);
    assert.ok(gold, 'sample segment 1 is live (sandbox/src/sampleCampaigns.ts)');
    const target = { segmentId: 1, name: gold.name };
    const dates: string[] = [];
    for (const name of ['Summer Sale Preview', 'Weekend Flash Sale']) {
      const c = await campaignNamed(reader, name);
      dates.push(...(await reader.emailSchedules(c.activityId)).map((s) => sendDate(s.scheduled_date!)));
    }
    assert.equal(dates.length, 2);

    const refused = answers({ ask: [undefined] });
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.delete', target, refused.options), false);
    assert.equal(refused.questions.length, 1);
    const q = refused.questions[0]!;
    assert.equal(q.message, `Not deleted: segment 1 "${gold.name}" is the audience of 2 scheduled campaigns.`);
    assert.match(q.detail ?? '', new RegExp(`campaign "Summer Sale Preview", scheduled for ${dates[0]}`));
    assert.match(q.detail ?? '', new RegExp(`campaign "Weekend Flash Sale", scheduled for ${dates[1]}`));
    assert.deepEqual(q.choices, ['Delete anyway…']);

    // "Delete anyway…" and then no to the second question: still not deleted, even with `yes`.
    const backedOut = answers({ ask: ['Delete anyway…', undefined] });
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.delete', target, { ...backedOut.options, yes: true }), false);
    assert.equal(backedOut.questions.length, 2);
    assert.match(backedOut.questions[1]!.message, new RegExp(`^Delete segment 1 "${gold.name.replace(/[()]/g, '\\$&')}" anyway from `));
    assert.match(backedOut.questions[1]!.detail ?? '', /campaign "Summer Sale Preview", campaign "Weekend Flash Sale" will have no audience/);
    assert.ok((await reader.listSegments()).some((s) => s.segment_id === 1), 'still live');

    const confirmed = answers({ ask: ['Delete anyway…', 'Delete'] });
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.delete', target, confirmed.options), true);
    assert.ok(!(await reader.listSegments()).some((s) => s.segment_id === 1), 'deleted');
  });

  test('Delete says when the scheduled campaigns cannot be read, and deletes only after "Delete anyway…" and a second confirmation', async function () {
    this.timeout(90_000);
    const a = await api();
    const name = uniqueName('Unchecked delete');
    const { document } = await writeSegment('campaigns-unchecked.segment.json', openedLastN(name));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const id = segmentIdIn(document)!;
    // The user's role may not read campaigns: the campaign list answers 403 once.
    await setSandboxFaults(a, { forbidden: { times: 1, match: 'GET /v3/emails' } });
    try {
      const run = answers({ ask: ['Delete anyway…', 'Delete'] });
      assert.equal(await vscode.commands.executeCommand('segmentCriteria.delete', document.uri, run.options), true);
      assert.equal(run.questions.length, 2);
      assert.equal(run.questions[0]!.message, `Not deleted: the scheduled campaigns that may use segment ${id} "${name}" cannot be checked.`);
      assert.match(run.questions[0]!.detail ?? '', /they could not be read: .*privilege/);
      assert.deepEqual(run.questions[0]!.choices, ['Delete anyway…']);
      assert.match(run.questions[1]!.detail ?? '', /The scheduled campaigns that may use it were not checked\./);
    } finally {
      await setSandboxFaults(a, {});
    }
    assert.equal(segmentIdIn(document), undefined, 'the file is unbound');
    assert.ok(!(await reader.listSegments()).some((s) => s.segment_id === id), 'deleted');
  });
});

// A sandbox of this suite's own, whose sign-in withholds campaign_data (as a user who did not allow it).
suite('attach and delete without campaign access', () => {
  const served: string[] = [];
  const sandbox = withOwnSandbox({ rateLimit: false, processingMs: 50, oauth: { deviceIntervalSec: 1, withheldScopes: ['campaign_data'] }, log: (line) => served.push(line) });

  test('Attach says the sign-in lacks campaign access before any call; Delete says it cannot check, offering a new sign-in', async function () {
    this.timeout(90_000);
    const a = await api();
    const { document } = await writeSegment('campaigns-no-scope.segment.json', openedLastN(uniqueName('No campaign access')));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const id = segmentIdIn(document)!;
    const campaignCalls = () => served.filter((l) => / \/v3\/emails/.test(l));
    const before = served.length;

    const attach = answers({ pick: 'Draft: Fall Preview' });
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.attachToCampaign', document.uri, attach.options), undefined);
    assert.deepEqual(attach.picks, [], 'no campaigns offered');
    assert.equal(served.length, before, `no call at all: ${served.slice(before).join(' | ')}`);
    assert.ok(a.errorNotices().includes(missingCampaignScope('Attach to Campaign')), a.errorNotices().join(' | '));

    const del = answers({ ask: [undefined] });
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.delete', document.uri, del.options), false);
    assert.equal(del.questions.length, 1);
    assert.match(del.questions[0]!.detail ?? '', /not granted access to email campaigns \(the campaign_data scope\)/);
    assert.deepEqual(del.questions[0]!.choices, ['Delete anyway…', 'Sign In Again']);
    assert.deepEqual(campaignCalls(), [], 'the campaigns were never asked for');
    assert.equal(segmentIdIn(document), id, 'not deleted: the file is still bound');
    const own = new CtctClient({ baseUrl: sandbox().baseUrl, auth: { getToken: async () => sandbox().token } });
    assert.ok((await own.listSegments()).some((x) => x.segment_id === id), 'the segment is live');
  });
});
