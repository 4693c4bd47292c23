/**
 * Deploying segment files: deciding, per file, whether to create, update, leave alone or refuse, and
 * doing it. No files are written here: the caller (the CLI, the extension) applies the returned
 * `segment_id` and `sync` to the document as planWriteBack (syncRecord.ts) says, so it can also keep the
 * user's edits. Outcomes carry a reason and its data; each front end words them for its user.
 */
import type { AudienceChange } from './audienceDiff.js';
import type { CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import type { SegmentDetail, SegmentSummary } from '../../api/src/types.js';
import { nameKey, remoteDiff, remoteHash, sameName, type SegmentGone } from './remoteSegment.js';
import { contentHash, requestBody, type SegmentFile, type SyncState } from './segmentFile.js';

export interface DeployTarget {
  path: string;
  file: SegmentFile;
}

export interface DeployContext {
  client: CtctClient;
  /** `encoded_account_id` of the account signed in to. */
  account: string;
  /** The API host (`api.cc.email`). */
  api: string;
  /** The account's live segments, read once per run (names, and which ids still exist). */
  liveSegments: SegmentSummary[];
  signal?: AbortSignal;
}

/** A file bound (by its sync record) to another account or API host than the one signed in to. */
export interface OtherAccount {
  reason: 'other-account';
  segmentId: number | undefined;
  /** Where the file is bound. */
  boundAccount: string;
  boundApi: string;
  /** Where the user is signed in. */
  account: string;
  api: string;
}

/** Why a deploy was refused, with what the wording needs. */
export type DeployRefusal =
  /**
   * Another live segment holds the name. `conflict` when the API answered 409 (the list read at the start
   * did not show the holder yet); `holderId` is missing when the holder could not be found even then.
   */
  | { reason: 'name-taken'; action: 'create' | 'update'; name: string; holderId?: number; conflict: boolean }
  | OtherAccount
  | SegmentGone
  /** The file has a segment_id but no sync record, and the remote differs: whose edit it is cannot be told. */
  | { reason: 'no-sync-record'; segmentId: number; diff: string }
  /** The remote changed since the file's sync record, and so did the file. */
  | { reason: 'remote-edited'; segmentId: number; remoteEditedAt?: string; diff: string }
  /**
   * A limit on the audience change (deploy and apply --max-change): the update would move more of the
   * audience than allowed, or the change could not be measured.
   */
  | { reason: 'audience-change'; segmentId: number; maxPercent: number; change: Extract<AudienceChange, { kind: 'changed' | 'refused' }> };

export type DeployOutcome =
  | { kind: 'created' | 'updated'; segment: SegmentDetail; sync: SyncState }
  | { kind: 'unchanged'; segmentId: number; sync: SyncState }
  | { kind: 'would-create'; name: string }
  | { kind: 'would-update'; segmentId: number; diff: string }
  | ({ kind: 'refused' } & DeployRefusal);

export interface DeployOptions {
  force?: boolean;
  dryRun?: boolean;
  /** An extra check before the segment is written (not called on a dry run). */
  beforeWrite?: BeforeWrite;
}

/** Files that carry the same segment_id: deploying both would overwrite one with the other. */
export function duplicateSegmentIds(targets: DeployTarget[]): Map<number, string[]> {
  const byId = new Map<number, string[]>();
  for (const t of targets) if (t.file.segmentId !== undefined) byId.set(t.file.segmentId, [...(byId.get(t.file.segmentId) ?? []), t.path]);
  return new Map([...byId].filter(([, paths]) => paths.length > 1));
}

/**
 * Files that give their segments the same name (as the account compares names: letter case and surrounding
 * spaces aside): names are unique in an account, so deploying them all would create or rename one and
 * refuse the others, half-way through. `name` is the first file's spelling.
 */
export function duplicateNames(targets: DeployTarget[]): { name: string; paths: string[] }[] {
  const byName = new Map<string, { name: string; paths: string[] }>();
  for (const t of targets) {
    const key = nameKey(t.file.name);
    const seen = byName.get(key);
    if (seen) seen.paths.push(t.path);
    else byName.set(key, { name: t.file.name, paths: [t.path] });
  }
  return [...byName.values()].filter((d) => d.paths.length > 1);
}

/** A file is bound to the account and API host it was deployed to or pulled from. */
export function bindingProblem(file: SegmentFile, account: string, api: string): OtherAccount | undefined {
  const s = file.sync;
  if (!s || (s.account === account && s.api === api)) return undefined;
  return { reason: 'other-account', segmentId: file.segmentId, boundAccount: s.account, boundApi: s.api, account, api };
}

/** An API failure after which no further file can succeed: a run stops at the first one. */
export const FATAL_API_ERRORS: ApiError['kind'][] = ['unauthorized', 'forbidden', 'missing-scope', 'quota-exceeded', 'cancelled'];

/**
 * What deploy would do with a file, decided from the file, the live list and (for a bound file) the
 * remote segment as read: nothing is written. `remote` is the segment as read, for whoever must later
 * tell whether it changed (plan and apply).
 */
export type DeployDecision =
  | { kind: 'create'; name: string }
  | { kind: 'update'; segmentId: number; remote: SegmentDetail; diff: string }
  | { kind: 'unchanged'; segmentId: number; remote: SegmentDetail; sync: SyncState }
  | { kind: 'refused'; refusal: DeployRefusal; remote?: SegmentDetail };

/** A decision that writes to the account. */
export type WriteDecision = Extract<DeployDecision, { kind: 'create' | 'update' }>;

/**
 * The place for an extra check just before a file's segment is written (created or updated), such as a
 * limit on how much the audience may change: a refusal leaves the segment as it is.
 */
export type BeforeWrite = (target: DeployTarget, decision: WriteDecision) => Promise<DeployRefusal | undefined>;

function syncOf(ctx: Pick<DeployContext, 'account' | 'api'>, segment: { edited_at?: string }, hash: string): SyncState {
  return { account: ctx.account, api: ctx.api, hash, ...(segment.edited_at ? { edited_at: segment.edited_at } : {}) };
}

/** Decides what deploying the file would do; reads the remote segment of a bound file, writes nothing. */
export async function decideDeploy(t: DeployTarget, ctx: DeployContext, opts: Pick<DeployOptions, 'force'> = {}): Promise<DeployDecision> {
  const { file, path } = t;
  const localHash = contentHash(file.name, file.criteria);
  const refused = (refusal: DeployRefusal, remote?: SegmentDetail): DeployDecision => ({ kind: 'refused', refusal, ...(remote ? { remote } : {}) });

  if (file.segmentId === undefined) {
    const holder = ctx.liveSegments.find((s) => sameName(s.name, file.name));
    if (holder) return refused({ reason: 'name-taken', action: 'create', name: file.name, holderId: holder.segment_id, conflict: false });
    return { kind: 'create', name: file.name };
  }

  const id = file.segmentId;
  const binding = bindingProblem(file, ctx.account, ctx.api);
  if (binding) return refused(binding);
  let remote: SegmentDetail;
  try {
    remote = await ctx.client.getSegment(id, { signal: ctx.signal });
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'not-found') {
      return refused({ reason: 'not-found', segmentId: id });
    }
    throw e;
  }
  // GET answers for deleted segments too; the list holds only live ones.
  if (!ctx.liveSegments.some((s) => s.segment_id === id)) {
    return refused({ reason: 'deleted', segmentId: id, remoteName: remote.name }, remote);
  }
  const rHash = remoteHash(remote);
  const label = `${path} (local)`;
  if (!file.sync && rHash !== localHash && !opts.force) {
    return refused({ reason: 'no-sync-record', segmentId: id, diff: remoteDiff(remote, file, label) }, remote);
  }
  if (file.sync && rHash !== file.sync.hash && rHash !== localHash && !opts.force) {
    return refused(
      {
        reason: 'remote-edited',
        segmentId: id,
        ...(remote.edited_at ? { remoteEditedAt: remote.edited_at } : {}),
        diff: remoteDiff(remote, file, label),
      },
      remote,
    );
  }
  if (rHash === localHash) {
    return { kind: 'unchanged', segmentId: id, remote, sync: syncOf(ctx, remote, localHash) };
  }
  const holder = ctx.liveSegments.find((s) => s.segment_id !== id && sameName(s.name, file.name));
  if (holder) return refused({ reason: 'name-taken', action: 'update', name: file.name, holderId: holder.segment_id, conflict: false }, remote);
  return { kind: 'update', segmentId: id, remote, diff: remoteDiff(remote, file, label) };
}

/** Carries out a create or update decided by decideDeploy: the one place deploy and apply write a segment. */
export async function carryOutDeploy(t: DeployTarget, decision: WriteDecision, ctx: DeployContext): Promise<DeployOutcome> {
  const { file } = t;
  const body = requestBody(file);
  const localHash = contentHash(file.name, file.criteria);
  if (decision.kind === 'create') {
    let segment: SegmentDetail;
    try {
      segment = await ctx.client.createSegment(body, { signal: ctx.signal });
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'conflict') {
        const now = await ctx.client.listSegments({ signal: ctx.signal }).catch(() => []);
        const h = now.find((s) => sameName(s.name, file.name));
        return { kind: 'refused', reason: 'name-taken', action: 'create', name: file.name, ...(h ? { holderId: h.segment_id } : {}), conflict: true };
      }
      if (e instanceof ApiError && e.kind === 'network') {
        throw new ApiError(e.kind, `${e.message} If "${file.name}" was created, the next deploy will say its name is taken and how to pull it.`, e.status, e.details, e.call);
      }
      throw e;
    }
    ctx.liveSegments.push(segment);
    return { kind: 'created', segment, sync: syncOf(ctx, segment, localHash) };
  }
  let segment: SegmentDetail;
  try {
    segment = await ctx.client.updateSegment(decision.segmentId, body, { signal: ctx.signal });
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'conflict') {
      return { kind: 'refused', reason: 'name-taken', action: 'update', name: file.name, conflict: true };
    }
    throw e;
  }
  return { kind: 'updated', segment, sync: syncOf(ctx, segment, localHash) };
}

/** Decides and, unless a dry run, carries out: what `deploy` does with one file. */
export async function deployOne(t: DeployTarget, ctx: DeployContext, opts: DeployOptions = {}): Promise<DeployOutcome> {
  const d = await decideDeploy(t, ctx, opts);
  switch (d.kind) {
    case 'refused':
      return { kind: 'refused', ...d.refusal };
    case 'unchanged':
      return { kind: 'unchanged', segmentId: d.segmentId, sync: d.sync };
    case 'create':
    case 'update': {
      if (opts.dryRun) return d.kind === 'create' ? { kind: 'would-create', name: d.name } : { kind: 'would-update', segmentId: d.segmentId, diff: d.diff };
      const refusal = await opts.beforeWrite?.(t, d);
      if (refusal) return { kind: 'refused', ...refusal };
      return carryOutDeploy(t, d, ctx);
    }
  }
}
