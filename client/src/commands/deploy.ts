/**
 * Deploy, as the CLI does it and through the same module (domain/src/deploy.ts): the file is checked first
 * (errors refuse it), bound to one segment of one account, and a remote edit since the last deploy or
 * pull is never overwritten silently: a diff of remote and local opens, with "Overwrite Remote" (confirmed
 * in a modal dialog) and "Pull Remote into File", a choice that stays until answered. `segment_id` and `sync` are written back into the open document with the
 * smallest edit, so Undo works and unsaved edits stay. Nothing is lost on any branch: overwriting keeps
 * the file, pulling keeps the local version on disk (unsaved) and in Undo.
 *
 * With `segmentCriteria.deploy.maxAudienceChange` set, an update first measures how much the audience would
 * change (domain/src/audienceDiff.ts) and, above the limit or when it cannot be measured, asks before writing.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { needsOf } from '../../../domain/src/accountData';
import { audienceChange, exceedsMaxChange } from '../../../domain/src/audienceDiff';
import { deployOne, type BeforeWrite, type DeployContext, type DeployOutcome } from '../../../domain/src/deploy';
import { pulledFile, pulledText } from '../../../domain/src/pullText';
import { renderSegmentFile, type SegmentFile, type SyncState } from '../../../domain/src/segmentFile';
import { planWriteBack, sameSync, type WriteBackPlan } from '../../../domain/src/syncRecord';
import type { SegmentDetail } from '../../../api/src/types';
import { displayName, editDocument, segmentDocument } from '../documents';
import type { CommandOptions, Services } from '../services';
import { requireTrust } from '../trust';
import { messageOf } from '../log';
import { changeQuestion, diffRefusalText, unmeasuredQuestion } from './audienceMessages';
import { compareAudienceSettings, maxAudienceChange } from '../settings';
import { parsedFile } from './bound';
import { refuseErrors } from './gate';
import { chooseOnRemoteEdit } from './choices';
import { deployMessage } from './deployMessages';
import { about, notify, reportError, reportRefusal, reportSuccess, requireSignedIn, withNetwork } from './report';

export type DeployResult = DeployOutcome['kind'] | 'pulled' | 'kept' | 'not-deployed';

/** Documents being deployed: a second Deploy of the same file while one runs is refused, not raced. */
const inFlight = new Set<string>();

export async function deployCommand(s: Services, arg: unknown, opts: CommandOptions): Promise<DeployResult> {
  if (!requireTrust('Deploying')) return 'not-deployed';
  const doc = await segmentDocument(arg, 'Deploy');
  if (!doc) return 'not-deployed';
  const key = doc.uri.toString();
  if (inFlight.has(key)) {
    notify('info', `${displayName(doc)} is being deployed already.`);
    return 'not-deployed';
  }
  inFlight.add(key);
  try {
    return await deployDocument(about(s, `deploy ${key}`), doc, opts, false);
  } finally {
    inFlight.delete(key);
  }
}

/** Deploys several files (the Explorer's multi-selection), one after the other. */
export async function deployMany(s: Services, uris: vscode.Uri[], opts: CommandOptions): Promise<DeployResult[]> {
  const out: DeployResult[] = [];
  for (const uri of uris) {
    const r = await deployCommand(s, uri, opts);
    out.push(r);
    if (r === 'not-deployed' && !s.connection.current) break;
  }
  return out;
}

async function deployDocument(s: Services, doc: vscode.TextDocument, opts: CommandOptions, force: boolean): Promise<DeployResult> {
  const name = displayName(doc);
  const text = doc.getText();
  const wasDirty = doc.isDirty;
  const file = parsedFile(s, doc);
  if (!file) return 'not-deployed';
  if (await refuseErrors(s, text, doc.uri, 'deployed', name)) return 'not-deployed';
  if (!requireSignedIn(s, `Deploy ${name}`, () => deployDocument(s, doc, opts, force))) return 'not-deployed';

  let outcome: DeployOutcome | undefined;
  let ctx: DeployContext | undefined;
  const max = maxAudienceChange(doc.uri);
  try {
    outcome = await withNetwork(`Deploying ${name}`, async (signal, progress) => {
      const client = s.connection.client();
      const account = await s.connection.accountId({ signal });
      progress.report({ message: "checking it with the account's lists, tags, fields and campaigns" });
      const data = await s.accountData.get(needsOf([file.criteria]));
      if (await refuseErrors(s, text, doc.uri, 'deployed', name, data)) return undefined;
      progress.report({ message: force ? 'overwriting the remote segment' : 'sending' });
      ctx = { client, account, api: s.connection.host(), liveSegments: await client.listSegments({ signal }), signal };
      const beforeWrite = max === undefined ? undefined : audienceGuard(s, name, max, opts, signal, (m) => progress.report({ message: m }));
      return deployOne({ path: name, file }, ctx, { force, ...(beforeWrite ? { beforeWrite } : {}) });
    });
  } catch (e) {
    if (e instanceof NotConfirmed) {
      s.log.info(`${name}: not deployed; segment ${file.segmentId} not changed.`);
      return 'not-deployed';
    }
    await reportError(s, `Deploy ${name}`, e);
    return 'not-deployed';
  }
  if (!outcome || !ctx) return 'not-deployed';

  switch (outcome.kind) {
    case 'created':
    case 'updated':
      await writeBack(s, doc, { text, file }, outcome.segment.segment_id, outcome.sync, wasDirty);
      reportSuccess(s, deployMessage(name, outcome));
      s.segmentsChanged.fire();
      return outcome.kind;
    case 'unchanged':
      if (!sameSync(file.sync, outcome.sync)) await writeBack(s, doc, { text, file }, outcome.segmentId, outcome.sync, wasDirty);
      reportSuccess(s, deployMessage(name, outcome));
      return 'unchanged';
    case 'refused':
      if (outcome.reason === 'remote-edited' || outcome.reason === 'no-sync-record') return onRemoteEdit(s, doc, file, outcome.segmentId, outcome, ctx, opts, wasDirty);
      reportRefusal(s, deployMessage(name, outcome));
      return 'refused';
    default:
      return outcome.kind;
  }
}

/** The user answered no to deploying a large (or unmeasured) audience change. */
class NotConfirmed extends Error {}

/**
 * Before an update is written: measures the audience change and asks when it is above `max` percent or
 * could not be measured (a new segment has no change, so creating never asks).
 */
function audienceGuard(s: Services, name: string, max: number, opts: CommandOptions, signal: AbortSignal, say: (m: string) => void): BeforeWrite {
  return async (t, decision) => {
    if (decision.kind !== 'update') return undefined;
    say(`measuring how much the audience would change (your limit: ${max}%)`);
    let question: string | undefined;
    try {
      const c = await audienceChange(s.connection.client(), t.file, { signal, maxRequests: compareAudienceSettings().maxRequests });
      if (c.kind === 'refused') question = unmeasuredQuestion(name, diffRefusalText(name, c), max);
      else if (c.kind === 'changed' && exceedsMaxChange(c, max)) question = changeQuestion(name, c, max);
      else s.log.info(`${name}: the audience would change by ${c.kind === 'changed' ? `${c.percent.toFixed(1)}%` : 'nothing'}, within your limit of ${max}%.`);
    } catch (e) {
      if (signal.aborted) throw e;
      question = unmeasuredQuestion(name, s.log.clean(messageOf(e)), max);
    }
    if (question) {
      s.log.info(question);
      const ask = opts.askAudienceChange ?? (async (q: string) => (await vscode.window.showWarningMessage(q, { modal: true, detail: 'Run "Segment Criteria: Compare Audience with Deployed" to see who. The limit is the setting segmentCriteria.deploy.maxAudienceChange.' }, 'Deploy Anyway')) === 'Deploy Anyway');
      if (!(await ask(question))) throw new NotConfirmed();
    }
    say('sending');
    return undefined;
  };
}


/**
 * Writes segment_id and sync onto the deployed text; if the document changed meanwhile, onto its new text
 * only when that still parses and names the same segment (as the CLI does), else nothing is written.
 */
async function writeBack(s: Services, doc: vscode.TextDocument, deployed: { text: string; file: SegmentFile }, segmentId: number, sync: SyncState, wasDirty: boolean): Promise<void> {
  const name = displayName(doc);
  let plan: WriteBackPlan | undefined;
  // Decided on the text the edit applies to: editDocument computes again if the user typed meanwhile.
  const ok = await editDocument(
    doc,
    (t) => {
      plan = planWriteBack(deployed, t, segmentId, sync);
      return plan.kind === 'write' ? plan.text : t;
    },
    { save: true, wasDirty },
  );
  if (plan?.kind === 'skip') {
    const what = plan.reason === 'unreadable' ? 'no longer reads as a segment file' : 'now names another segment';
    reportRefusal(s, `${name}: the file changed while deploying and ${what}; nothing was written into it. Segment ${segmentId} holds what was deployed: pull it to bind a file to it.`);
    return;
  }
  if (!ok) {
    reportRefusal(s, `${name}: segment ${segmentId} was deployed, but its "segment_id" and "sync" could not be written into the file. Pull segment ${segmentId} to bind a file to it.`);
    return;
  }
  if (plan?.kind === 'write' && plan.changedMeanwhile) s.log.info(`${name}: the file changed while deploying; your newer edits were kept and are not deployed yet.`);
}

/** The `$schema` of a file's text, kept when the file is replaced by the remote version. */
function schemaOf(text: string): string | undefined {
  try {
    const v = parseJsonc(text, [], { allowTrailingComma: true }) as { $schema?: unknown } | undefined;
    return typeof v?.$schema === 'string' ? v.$schema : undefined;
  } catch {
    return undefined;
  }
}

/** The remote segment as a readable file bound to it, as pull writes it. */
export function renderRemote(remote: SegmentDetail, account: string, api: string, schema?: string): string {
  return renderSegmentFile({ ...(schema ? { schema } : {}), ...pulledFile(remote, account, api) });
}

async function onRemoteEdit(
  s: Services,
  doc: vscode.TextDocument,
  file: SegmentFile,
  id: number,
  outcome: Extract<DeployOutcome, { reason: 'remote-edited' | 'no-sync-record' }>,
  ctx: DeployContext,
  opts: CommandOptions,
  wasDirty: boolean,
): Promise<DeployResult> {
  const name = displayName(doc);
  s.log.block(deployMessage(name, outcome), outcome.diff);
  let remote: SegmentDetail;
  try {
    remote = await withNetwork(`Reading segment ${id}`, (signal) => ctx.client.getSegment(id, { signal }));
  } catch (e) {
    await reportError(s, `Deploy ${name}`, e);
    return 'refused';
  }
  const remoteText = renderRemote(remote, ctx.account, ctx.api, schemaOf(doc.getText()));
  const left = s.remote.add(`segment-${id}-remote`, remoteText);
  await vscode.commands.executeCommand('vscode.diff', left, doc.uri, `Segment ${id}: remote ↔ ${path.basename(doc.uri.path)} (local)`, { preview: false });

  const why = file.sync
    ? `Segment ${id} "${remote.name}" was changed in the account since this file was last deployed or pulled (remote edited ${remote.edited_at ?? 'at an unknown time'}).`
    : `${name} has segment_id ${id} but no "sync" record, and segment ${id} differs from it.`;
  const choice =
    opts.onRemoteEdit ??
    (await chooseOnRemoteEdit(
      // An error with buttons stays on screen until answered (a warning's would hide after a few seconds),
      // and is not modal, so the diff can be read before answering.
      async () => {
        const picked = await vscode.window.showErrorMessage(
          `${why} Not overwritten. The diff shows the remote (left) and your file (right).`,
          'Overwrite Remote',
          'Pull Remote into File',
        );
        return picked === 'Overwrite Remote' ? 'overwrite' : picked === 'Pull Remote into File' ? 'pull' : undefined;
      },
      async () =>
        (await vscode.window.showWarningMessage(
          `Overwrite segment ${id} "${remote.name}" in the account with ${name}?`,
          { modal: true, detail: `The account's version (edited ${remote.edited_at ?? 'at an unknown time'}) is replaced by your file; the difference is in the log.` },
          'Overwrite Remote',
        )) === 'Overwrite Remote',
    ));
  if (choice === 'overwrite') {
    s.log.info(`${name}: overwriting segment ${id} with the file (the remote version is in the log above).`);
    return deployDocument(s, doc, opts, true);
  }
  if (choice === 'pull') {
    // The smallest edits, as Pull makes them: comments and layout stay where the remote agrees.
    const pulled = pulledFile(remote, ctx.account, ctx.api);
    const ok = await editDocument(doc, (t) => pulledText(t, pulled) ?? remoteText, { save: false, wasDirty });
    if (!ok) {
      reportRefusal(s, `${name}: the remote version could not be written into the editor; the file is unchanged.`);
      return 'refused';
    }
    reportSuccess(
      s,
      `${name} now holds segment ${id} as it is in the account. Not saved yet: review it, then save; Undo brings your version back${wasDirty ? '' : ' (it is also still on disk until you save)'}.`,
    );
    return 'pulled';
  }
  s.log.info(`${name}: left as it is; segment ${id} not changed.`);
  s.log.info(`${name}: deploy it again to choose between overwriting segment ${id} and pulling it into the file.`);
  return 'kept';
}
