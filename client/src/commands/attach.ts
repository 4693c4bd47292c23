/**
 * Attach to Campaign…: sets a deployed segment as the audience of a Draft or Done campaign, through the
 * domain's attach (domain/src/attach.ts): the guards are checked on selection (a dry run), a refusal says
 * its reason, and contact lists or another segment in the way are swapped out only after a modal
 * question naming them. Nothing is asked of the API when the sign-in lacks campaign_data.
 */
import { attachSegment, type AttachOptions, type AttachOutcome } from '../../../domain/src/attach';
import { attachableCampaigns, lacksCampaignScope } from '../../../domain/src/campaigns';
import type { CommandOptions, Services } from '../services';
import { requireTrust } from '../trust';
import { askModal, pickQuick } from './ask';
import { attachMessage, missingCampaignScope, replaceQuestion, SIGN_IN_AGAIN } from './campaignMessages';
import { about, errorNotices, reportError, reportRefusal, reportSuccess, requireSignedIn, signInAgain, withNetwork, type Reporter } from './report';
import { resolveTarget } from './target';

const SCOPE_SUBJECT = 'attach: campaign access';

/** The outcome (a declined replacement leaves the refusal), or undefined when nothing was attempted. */
export async function attachCommand(s: Services, arg: unknown, opts: CommandOptions): Promise<AttachOutcome | undefined> {
  if (!requireTrust('Attaching a segment to a campaign')) return undefined;
  if (!requireSignedIn(s, 'Attach to Campaign', () => attachCommand(s, arg, opts))) return undefined;
  try {
    const client = s.connection.client();
    // Said as a notice that stays until a sign-in with the scope runs this command again.
    if (await lacksCampaignScope(client)) {
      refuseWithoutScope(about(s, SCOPE_SUBJECT), 'Attach to Campaign');
      return undefined;
    }
    errorNotices.clear(SCOPE_SUBJECT);
    const t = await resolveTarget(s, arg, 'attach', 'Attach a segment to a campaign');
    if (!t) return undefined;
    s = about(s, `attach ${t.segmentId}`);
    const segment = t.file ? `segment ${t.segmentId} "${t.file.name}"` : t.label;
    const campaigns = await withNetwork('Reading the Draft and Done campaigns', (signal) => attachableCampaigns(client, { signal }));
    if (!campaigns.length) {
      reportRefusal(s, `Attach to Campaign: the account has no Draft or Done campaign, and only those can change their audience. Create a campaign in Constant Contact first.`);
      return undefined;
    }
    const items = campaigns.map((c) => ({ label: c.name, ...(c.status ? { description: c.status } : {}) }));
    const picked = await (opts.pick ?? pickQuick)({ title: `Attach ${segment} to a campaign`, placeHolder: 'Draft and Done campaigns: only these can change their audience', items });
    const chosen = picked && campaigns[items.indexOf(picked)];
    if (!chosen) return undefined;

    // The guards on selection; a replacement the user agrees to is checked again with it.
    const choice: AttachOptions = {};
    let check: AttachOutcome;
    for (;;) {
      check = await withNetwork(`Checking campaign "${chosen.name}"`, (signal) => attachSegment(client, t.segmentId, chosen.campaignId, { ...choice, dryRun: true, signal }));
      if (check.kind !== 'refused' || (check.reason !== 'contact-lists' && check.reason !== 'other-segment')) break;
      if (check.reason === 'contact-lists' ? choice.replaceLists : choice.replace) break; // agreed already: never ask twice
      const answer = opts.yes ? 'yes' : await (opts.ask ?? askModal)(replaceQuestion(segment, check));
      if (!answer) {
        s.log.info(attachMessage(segment, check));
        return check;
      }
      if (check.reason === 'contact-lists') choice.replaceLists = true;
      else choice.replace = true;
    }
    const outcome = check.kind === 'would-attach' ? await withNetwork(`Attaching ${segment} to campaign "${chosen.name}"`, (signal) => attachSegment(client, t.segmentId, chosen.campaignId, { ...choice, signal })) : check;
    if (outcome.kind === 'refused') {
      if (outcome.reason === 'missing-scope') refuseWithoutScope(about(s, SCOPE_SUBJECT), 'Attach to Campaign');
      else reportRefusal(s, attachMessage(segment, outcome));
    } else {
      reportSuccess(s, attachMessage(segment, outcome));
    }
    return outcome;
  } catch (e) {
    await reportError(s, 'Attach to Campaign', e);
    return undefined;
  }
}

/** The sign-in lacks campaign_data: said before any call, with the way to grant it. */
function refuseWithoutScope(r: Reporter, doing: string): void {
  reportRefusal(r, missingCampaignScope(doing), { [SIGN_IN_AGAIN]: signInAgain });
}
