/**
 * `segment-criteria attach` against the sandbox: each refusal with its reason, attaching (the email's
 * content survives the PUT: everything but the audience reads back as it was), --replace, --replace-lists,
 * nothing to do when already attached, and a sign-in without campaign_data refused before any call.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_ACTIVITY_INCLUDES } from '../../api/src/emailActivity.js';
import type { EmailCampaignActivity } from '../../api/src/types.js';
import { attach } from '../../cli/src/commands/attach.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { login } from '../../cli/src/commands/login.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import { startSandbox, type Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { commentedSegment, memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

describe('attach a segment to a campaign', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let segmentId: number;
  const run = async (args: string[]) => {
    const io = memoryIo({ env, cwd: dir });
    const code = await attach(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const campaign = (name: string) => {
    const c = sb.state.data.campaigns.find((x) => x.name === name);
    assert.ok(c, name);
    return { campaignId: c.campaign_id, activityId: c.activities[0]!.campaign_activity_id };
  };
  const readActivity = (activityId: string) => fastClient(sb).emailActivity(activityId, { include: ALL_ACTIVITY_INCLUDES });
  const withoutAudience = (a: EmailCampaignActivity) => {
    const { segment_ids: _s, contact_list_ids: _l, ...rest } = a;
    return rest;
  };

  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
    dir = tempDir('attach-');
    writeFileSync(join(dir, 'directors.segment.json'), commentedSegment('Directors to attach'));
    const io = memoryIo({ env, cwd: dir });
    assert.equal(await deploy(['directors.segment.json'], io), 0, io.stderr);
    segmentId = parseSegmentFile(readFileSync(join(dir, 'directors.segment.json'), 'utf8'), 'f').segmentId!;
    assert.ok(segmentId > 2, 'a new segment, after the sample ones');
  });
  after(() => sb.close());

  it('is called wrongly without --campaign or a file (exit 2), and needs the file deployed (exit 1)', async () => {
    const usage = spawnSync(process.execPath, [cli, 'attach', 'directors.segment.json'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /attach needs the campaign, by its id or its name/);
    const missing = await run(['nope.segment.json', '--campaign', 'x']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.segment\.json/);
    writeFileSync(join(dir, 'draft.segment.json'), commentedSegment('Never deployed'));
    const undeployed = await run(['draft.segment.json', '--campaign', 'Draft: Fall Preview']);
    assert.equal(undeployed.code, 1);
    assert.match(undeployed.err, /not deployed yet \(it has no segment_id\)\. Deploy it first/);
  });

  it('refuses a campaign it cannot find', async () => {
    const r = await run(['directors.segment.json', '--campaign', 'No Such Campaign']);
    assert.equal(r.code, 1);
    assert.match(r.err, /not attached: no campaign has the id or the name "No Such Campaign"/);
  });

  it('refuses a legacy format_type, found by campaign id', async () => {
    const c = campaign('Draft: Classic Template Notice');
    const r = await run(['directors.segment.json', '--campaign', c.campaignId]);
    assert.equal(r.code, 1);
    assert.match(r.err, /campaign "Draft: Classic Template Notice" is a format_type 2 email, made in a legacy editor; Constant Contact sends only format_type 3, 4 and 5 emails to segments/);
  });

  it('refuses a scheduled campaign', async () => {
    const r = await run(['directors.segment.json', '--campaign', 'Member Appreciation Night']);
    assert.equal(r.code, 1);
    assert.match(r.err, /campaign "Member Appreciation Night" is Scheduled; only a campaign in Draft or Done status can change its audience\. Unschedule it/);
  });

  it('attaches to a draft found by name without case, and the email reads back as it was but for its audience', async () => {
    const c = campaign('Draft: Fall Preview');
    const before = await readActivity(c.activityId);
    assert.ok(before.html_content && before.physical_address_in_footer && before.document_properties && before.permalink_url);
    const r = await run(['directors.segment.json', '--campaign', 'draft: fall PREVIEW']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`segment ${segmentId} "Directors to attach" is now the audience of campaign "Draft: Fall Preview" \\(activity ${c.activityId}\\)`));
    const after = await readActivity(c.activityId);
    assert.deepEqual(after.segment_ids, [segmentId]);
    assert.deepEqual(withoutAudience(after), withoutAudience(before), 'html_content, the footer address, document properties and headers survive the PUT');

    const again = await run(['directors.segment.json', '--campaign', 'Draft: Fall Preview']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /is already the audience of campaign "Draft: Fall Preview": nothing to do/);
  });

  it('refuses a campaign sent to contact lists, naming them, and --replace-lists swaps them out', async () => {
    const c = campaign('Draft: Welcome Series');
    const refused = await run(['directors.segment.json', '--campaign', 'Draft: Welcome Series']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /is sent to contact lists \("Newsletter", "Customers"\), and Constant Contact never sends to lists and a segment together\. Pass --replace-lists/);
    const before = await readActivity(c.activityId);
    const r = await run(['directors.segment.json', '--campaign', 'Draft: Welcome Series', '--replace-lists']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Removed the contact lists it was sent to: "Newsletter", "Customers"\./);
    const after = await readActivity(c.activityId);
    assert.deepEqual(after.segment_ids, [segmentId]);
    assert.deepEqual(after.contact_list_ids, []);
    assert.deepEqual(withoutAudience(after), withoutAudience(before));
  });

  it('attaches to a Done campaign with --replace-lists (statuses compared without case)', async () => {
    const r = await run(['directors.segment.json', '--campaign', 'Spring Sale 2025-05', '--replace-lists']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual((await readActivity(campaign('Spring Sale 2025-05').activityId)).segment_ids, [segmentId]);
  });

  it('refuses a campaign sent to another segment, and --replace swaps it out', async () => {
    const c = campaign('Draft: Holiday Teaser');
    const refused = await run(['directors.segment.json', '--campaign', 'Draft: Holiday Teaser']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /campaign "Draft: Holiday Teaser" is sent to segment 2, and a campaign takes one segment\. Pass --replace/);
    assert.deepEqual((await readActivity(c.activityId)).segment_ids, [2], 'unchanged');
    const r = await run(['directors.segment.json', '--campaign', 'Draft: Holiday Teaser', '--replace']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Replaced segment 2\./);
    assert.deepEqual((await readActivity(c.activityId)).segment_ids, [segmentId]);
  });
});

describe('attach with a sign-in not granted campaign_data', () => {
  it('attach is refused before any call, saying which scope and how to get it', async () => {
    const sb = await startSandbox({ rateLimit: false, processingMs: 0, checkAnswers: true, oauth: { deviceIntervalSec: 1, withheldScopes: ['campaign_data'] } });
    try {
      const dir = tempDir('attach-scope-');
      const env = { CTCT_API_BASE_URL: sb.baseUrl, SEGMENT_CRITERIA_CONFIG_DIR: join(tempDir('config-'), 'segment-criteria'), CTCT_CLIENT_ID: 'my-app' };
      const signIn = memoryIo({ env, cwd: dir });
      assert.equal(await login([], signIn), 0, signIn.stderr);
      writeFileSync(join(dir, 'gold.segment.json'), commentedSegment('Gold').replace('{\n', '{\n  "segment_id": 1,\n'));
      const before = sb.requests;
      const io = memoryIo({ env, cwd: dir });
      assert.equal(await attach(['gold.segment.json', '--campaign', 'Draft: Fall Preview'], io), 1);
      assert.match(io.stderr, /gold\.segment\.json: not attached: your sign-in was not granted the campaign_data scope, which reading and changing email campaigns needs\. Sign in again and allow campaign_data \(`segment-criteria login --api-base-url http:\/\/127\.0\.0\.1:\d+\/v3`\)/);
      assert.equal(sb.requests, before, 'no request was sent');
    } finally {
      await sb.close();
    }
  });
});
