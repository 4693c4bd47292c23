/**
 * Plan and apply for a folder of segment files: per file, what deploy would do (create, update, leave
 * alone, or refuse, and why), with what was seen when deciding (each file's sha256, each bound segment's
 * content hash and `edited_at`), so that a plan reviewed earlier can be carried out only while it still
 * holds. The decisions are deploy's own (decideDeploy, carryOutDeploy); nothing here ever deletes a
 * segment. No files are written: the caller writes `segment_id` and `sync` back as deploy does.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../../api/src/errors.js';
import type { SegmentDetail, SegmentSummary } from '../../api/src/types.js';
import { blocking } from '../../server/src/language/sendable.js';
import { validate } from '../../server/src/language/service.js';
import { withoutBom } from '../../server/src/language/text.js';
import type { ServiceOptions } from '../../server/src/language/types.js';
import { fetchAccountData, needsOf } from './accountData.js';
import {
  bindingProblem,
  carryOutDeploy,
  decideDeploy,
  duplicateNames,
  duplicateSegmentIds,
  FATAL_API_ERRORS,
  type BeforeWrite,
  type DeployContext,
  type DeployDecision,
  type DeployRefusal,
  type DeployTarget,
} from './deploy.js';
import { remoteHash } from './remoteSegment.js';
import { parseSegmentFile, SegmentFileError, type SyncState } from './segmentFile.js';

/** The plan format's version: a reader refuses any other. */
export const PLAN_VERSION = 1;

/** A segment file as read: its path as shown to the user (relative to where the command runs) and its text. */
export interface PlanTarget {
  path: string;
  text: string;
}

/** A checker error, 1-based as `check --format json` gives it. */
export interface PlanDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  message: string;
}

/** Why a file will not be deployed: deploy's own refusals, and those found before asking the API. */
export type PlanRefusal =
  | DeployRefusal
  /** The checker found errors (`diagnostics`), or the file is not a segment file at all (`fileError`). */
  | { reason: 'invalid'; diagnostics: PlanDiagnostic[]; fileError?: string }
  /** Another file carries the same segment_id. */
  | { reason: 'duplicate-segment-id'; segmentId: number; paths: string[] }
  /** Other files give their segments the same name (names are unique in an account): all of them are refused. */
  | { reason: 'duplicate-name'; name: string; paths: string[] };

/** A bound segment as read when planning. */
export interface RemoteSeen {
  /** contentHash of its name and criteria (comparable with a sync record's `hash`). */
  hash: string;
  edited_at?: string;
}

export type PlanEntry = {
  path: string;
  /** sha256 (hex) of the file's bytes as read. */
  sha256: string;
  /** The segment's name in the file, when the file could be read as a segment file. */
  name?: string;
  segment_id?: number;
  /** For a bound file: its segment as read (absent when it could not be read, or was not asked for). */
  remote?: RemoteSeen;
} & ({ action: 'create' } | { action: 'update'; diff: string } | { action: 'unchanged' } | { action: 'refused'; refusal: PlanRefusal });

/** A live segment that no file in the plan manages. Listed only; never touched. */
export interface UnmanagedSegment {
  segment_id: number;
  name: string;
  edited_at?: string;
}

export interface Plan {
  version: typeof PLAN_VERSION;
  /** `encoded_account_id` and API host the plan was made against. */
  account: string;
  api: string;
  /** Whether criteria this product does not check counted as errors. */
  strict: boolean;
  created_at: string;
  files: PlanEntry[];
  unmanaged: UnmanagedSegment[];
}

export interface PlanContext {
  client: DeployContext['client'];
  account: string;
  api: string;
  signal?: AbortSignal;
}

export interface PlanOptions {
  strict?: boolean;
}

export type PlanStatus = 'nothing-to-do' | 'changes-pending' | 'refused';

/** What a plan amounts to: any refusal wins, then any create or update. */
export function planStatus(plan: Plan): PlanStatus {
  if (plan.files.some((f) => f.action === 'refused')) return 'refused';
  if (plan.files.some((f) => f.action === 'create' || f.action === 'update')) return 'changes-pending';
  return 'nothing-to-do';
}

export function fileSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Makes a plan: reads the account's segments and each bound file's segment; writes nothing. */
export async function makePlan(targets: PlanTarget[], ctx: PlanContext, opts: PlanOptions = {}): Promise<Plan> {
  return (await prepare(targets, ctx, opts)).plan;
}

/** Why a plan no longer holds. */
export type PlanDifference =
  | { kind: 'account'; planned: { account: string; api: string }; now: { account: string; api: string } }
  | { kind: 'file-added'; path: string }
  | { kind: 'file-removed'; path: string }
  | { kind: 'file-changed'; path: string; planned: string; now: string }
  | { kind: 'remote-changed'; path: string; segmentId: number; planned?: RemoteSeen; now?: RemoteSeen }
  /** Files and segments are as planned, yet deploy would now decide otherwise (e.g. a name taken meanwhile). */
  | { kind: 'decision-changed'; path: string; planned: string; now: string };

/** What a plan entry decides, in one word: `create`, `update`, `unchanged` or `refused:<reason>`. */
export function decisionOf(e: PlanEntry): string {
  return e.action === 'refused' ? `refused:${e.refusal.reason}` : e.action;
}

/** The differences between a plan and a fresh one for the same files: none means the plan still holds. */
export function comparePlans(planned: Plan, fresh: Plan): PlanDifference[] {
  if (planned.account !== fresh.account || planned.api !== fresh.api) {
    return [{ kind: 'account', planned: { account: planned.account, api: planned.api }, now: { account: fresh.account, api: fresh.api } }];
  }
  const out: PlanDifference[] = [];
  const now = new Map(fresh.files.map((f) => [f.path, f]));
  const before = new Map(planned.files.map((f) => [f.path, f]));
  for (const p of planned.files) {
    const f = now.get(p.path);
    if (!f) {
      out.push({ kind: 'file-removed', path: p.path });
      continue;
    }
    const fileChanged = p.sha256 !== f.sha256;
    if (fileChanged) out.push({ kind: 'file-changed', path: p.path, planned: p.sha256, now: f.sha256 });
    const remoteChanged = p.remote?.hash !== f.remote?.hash || p.remote?.edited_at !== f.remote?.edited_at;
    const segmentId = p.segment_id ?? f.segment_id;
    if (remoteChanged && segmentId !== undefined) {
      out.push({ kind: 'remote-changed', path: p.path, segmentId, ...(p.remote ? { planned: p.remote } : {}), ...(f.remote ? { now: f.remote } : {}) });
    }
    if (!fileChanged && !remoteChanged && decisionOf(p) !== decisionOf(f)) out.push({ kind: 'decision-changed', path: p.path, planned: decisionOf(p), now: decisionOf(f) });
  }
  for (const f of fresh.files) if (!before.has(f.path)) out.push({ kind: 'file-added', path: f.path });
  return out;
}

export type ApplyOutcome =
  | { kind: 'created' | 'updated'; segment: SegmentDetail; sync: SyncState }
  | { kind: 'unchanged'; segmentId: number; sync: SyncState }
  /** Planned as refused, or refused while carrying out (a name taken meanwhile, the beforeWrite check). */
  | { kind: 'refused'; refusal: PlanRefusal }
  /** The API failed for this file (`error` as thrown: an ApiError, or an abort). */
  | { kind: 'failed'; error: unknown }
  /** Not tried: an earlier failure means no file can succeed (signed out, no permission, quota). */
  | { kind: 'skipped' };

export interface ApplyEntryResult {
  entry: PlanEntry;
  outcome: ApplyOutcome;
  /** The parsed file, for a file that could be read as one (to write `segment_id` and `sync` back into). */
  target?: DeployTarget;
}

export interface ApplyOptions extends PlanOptions {
  /** A plan made earlier: carried out only if files and segments are still as it saw them (its `strict` is used). */
  plan?: Plan;
  /** An extra check before each create or update; a refusal leaves that segment as it is. */
  beforeWrite?: BeforeWrite;
  /** Called after each file, in order, e.g. to write `segment_id` and `sync` back at once. */
  onResult?: (result: ApplyEntryResult) => void | Promise<void>;
}

export type ApplyResult =
  | { kind: 'differs'; plan: Plan; differences: PlanDifference[] }
  | { kind: 'applied'; plan: Plan; results: ApplyEntryResult[] };

/**
 * Makes a fresh plan and carries it out, file by file. Given an earlier plan, first checks that it still
 * holds (comparePlans) and, if not, changes nothing. Refused entries are not carried out.
 */
export async function applyFolder(targets: PlanTarget[], ctx: PlanContext, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const prepared = await prepare(targets, ctx, { strict: opts.plan ? opts.plan.strict : !!opts.strict });
  const { plan, work, deployCtx } = prepared;
  if (opts.plan) {
    const differences = comparePlans(opts.plan, plan);
    if (differences.length) return { kind: 'differs', plan, differences };
  }
  const results: ApplyEntryResult[] = [];
  let stopped = false;
  for (const entry of plan.files) {
    const outcome = stopped ? { kind: 'skipped' as const } : await carryOut(entry, work.get(entry.path), deployCtx, opts.beforeWrite);
    if (outcome.kind === 'failed' && outcome.error instanceof ApiError && FATAL_API_ERRORS.includes(outcome.error.kind)) stopped = true;
    const target = work.get(entry.path)?.target;
    const result: ApplyEntryResult = { entry, outcome, ...(target ? { target } : {}) };
    results.push(result);
    await opts.onResult?.(result);
  }
  return { kind: 'applied', plan, results };
}

async function carryOut(entry: PlanEntry, w: Work | undefined, ctx: DeployContext, beforeWrite: BeforeWrite | undefined): Promise<ApplyOutcome> {
  if (entry.action === 'refused') return { kind: 'refused', refusal: entry.refusal };
  const d = w?.decision;
  if (!w || !d || d.kind === 'refused') throw new Error(`no decision for ${entry.path}`); // prepare made both
  if (d.kind === 'unchanged') return { kind: 'unchanged', segmentId: d.segmentId, sync: d.sync };
  try {
    const refusal = await beforeWrite?.(w.target, d);
    if (refusal) return { kind: 'refused', refusal };
    const o = await carryOutDeploy(w.target, d, ctx);
    if (o.kind === 'created' || o.kind === 'updated') return o;
    if (o.kind === 'refused') {
      const { kind: _kind, ...refusal } = o;
      return { kind: 'refused', refusal };
    }
    throw new Error(`unexpected outcome ${o.kind}`);
  } catch (error) {
    return { kind: 'failed', error };
  }
}

interface Work {
  target: DeployTarget;
  decision?: DeployDecision;
}

/** The plan, and what carrying it out needs: the parsed files, deploy's decisions and context. */
async function prepare(targets: PlanTarget[], ctx: PlanContext, opts: PlanOptions): Promise<{ plan: Plan; work: Map<string, Work>; deployCtx: DeployContext }> {
  const strict = !!opts.strict;
  const entries = new Map<string, PlanEntry>();
  const work = new Map<string, Work>();
  for (const t of targets) {
    const sha256 = fileSha256(t.text);
    try {
      work.set(t.path, { target: { path: t.path, file: parseSegmentFile(t.text, t.path) } });
    } catch (e) {
      if (!(e instanceof SegmentFileError)) throw e;
      entries.set(t.path, { path: t.path, sha256, action: 'refused', refusal: { reason: 'invalid', diagnostics: errorsOf(t.text, { strict }), fileError: e.message } });
    }
  }
  const parsed = [...work.values()].map((w) => w.target);
  const dups = duplicateSegmentIds(parsed);
  const distinctIds = parsed.filter((t) => t.file.segmentId === undefined || !dups.has(t.file.segmentId));
  // Names are unique in an account: of files sharing one, applying would create one and refuse the rest.
  const sameNames = new Map(duplicateNames(distinctIds).flatMap((d) => d.paths.map((p) => [p, d] as const)));
  const liveSegments: SegmentSummary[] = await ctx.client.listSegments({ signal: ctx.signal });
  const todo = distinctIds.filter((t) => !sameNames.has(t.path));
  const account = await fetchAccountData(ctx.client, needsOf(todo.map((t) => t.file.criteria)), { signal: ctx.signal });
  const deployCtx: DeployContext = { client: ctx.client, account: ctx.account, api: ctx.api, liveSegments, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  const texts = new Map(targets.map((t) => [t.path, t.text]));

  for (const t of parsed) {
    const text = texts.get(t.path)!;
    const base = { path: t.path, sha256: fileSha256(text), name: t.file.name, ...(t.file.segmentId !== undefined ? { segment_id: t.file.segmentId } : {}) };
    const id = t.file.segmentId;
    if (id !== undefined && dups.has(id)) {
      entries.set(t.path, { ...base, action: 'refused', refusal: { reason: 'duplicate-segment-id', segmentId: id, paths: dups.get(id)! } });
      continue;
    }
    const named = sameNames.get(t.path);
    if (named) {
      entries.set(t.path, { ...base, action: 'refused', refusal: { reason: 'duplicate-name', name: named.name, paths: named.paths } });
      continue;
    }
    const errors = errorsOf(text, { account, strict });
    if (errors.length) {
      entries.set(t.path, { ...base, action: 'refused', refusal: { reason: 'invalid', diagnostics: errors } });
      continue;
    }
    const decision = await decideDeploy(t, deployCtx);
    work.get(t.path)!.decision = decision;
    const remote = 'remote' in decision && decision.remote ? { remote: seen(decision.remote) } : {};
    const entry: PlanEntry =
      decision.kind === 'create'
        ? { ...base, action: 'create' }
        : decision.kind === 'update'
          ? { ...base, ...remote, action: 'update', diff: decision.diff }
          : decision.kind === 'unchanged'
            ? { ...base, ...remote, action: 'unchanged' }
            : { ...base, ...remote, action: 'refused', refusal: decision.refusal };
    entries.set(t.path, entry);
  }

  const managed = new Set(parsed.filter((t) => t.file.segmentId !== undefined && !bindingProblem(t.file, ctx.account, ctx.api)).map((t) => t.file.segmentId!));
  const unmanaged = liveSegments
    .filter((s) => !managed.has(s.segment_id))
    .map((s) => ({ segment_id: s.segment_id, name: s.name, ...(s.edited_at ? { edited_at: s.edited_at } : {}) }));
  const plan: Plan = {
    version: PLAN_VERSION,
    account: ctx.account,
    api: ctx.api,
    strict,
    created_at: new Date().toISOString(),
    files: targets.map((t) => entries.get(t.path)!),
    unmanaged,
  };
  return { plan, work, deployCtx };
}

function seen(remote: SegmentDetail): RemoteSeen {
  return { hash: remoteHash(remote), ...(remote.edited_at ? { edited_at: remote.edited_at } : {}) };
}

/** What keeps the file from being sent (its errors, or that it could not be checked), at the positions an editor shows (after any byte order mark). */
function errorsOf(text: string, options: ServiceOptions): PlanDiagnostic[] {
  return blocking(validate(withoutBom(text), options))
    .map((d) => ({ line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1, code: d.code, message: d.message }));
}
