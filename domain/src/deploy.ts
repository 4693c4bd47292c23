/**
 * Deploying segment files: deciding, per file, whether to create, update, leave alone or refuse, and
 * doing it. No files are written here: the caller (the CLI, the extension) applies the returned
 * `segment_id` and `sync` to the document as planWriteBack (syncRecord.ts) says, so it can also keep the
 * user's edits. Outcomes carry a reason and its data; each front end words them for its user.
 */
import type { CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import type { SegmentDetail, SegmentSummary } from '../../api/src/types.js';
import { remoteDiff, remoteHash, sameName } from './remoteSegment.js';
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
  | { reason: 'not-found'; segmentId: number }
  | { reason: 'deleted'; segmentId: number; remoteName: string }
  /** The file has a segment_id but no sync record, and the remote differs: whose edit it is cannot be told. */
  | { reason: 'no-sync-record'; segmentId: number; diff: string }
  /** The remote changed since the file's sync record, and so did the file. */
  | { reason: 'remote-edited'; segmentId: number; remoteEditedAt?: string; diff: string };

export type DeployOutcome =
  | { kind: 'created' | 'updated'; segment: SegmentDetail; sync: SyncState }
  | { kind: 'unchanged'; segmentId: number; sync: SyncState }
  | { kind: 'would-create'; name: string }
  | { kind: 'would-update'; segmentId: number; diff: string }
  | ({ kind: 'refused' } & DeployRefusal);

export interface DeployOptions {
  force?: boolean;
  dryRun?: boolean;
}

/** Files that carry the same segment_id: deploying both would overwrite one with the other. */
export function duplicateSegmentIds(targets: DeployTarget[]): Map<number, string[]> {
  const byId = new Map<number, string[]>();
  for (const t of targets) if (t.file.segmentId !== undefined) byId.set(t.file.segmentId, [...(byId.get(t.file.segmentId) ?? []), t.path]);
  return new Map([...byId].filter(([, paths]) => paths.length > 1));
}

/** A file is bound to the account and API host it was deployed to or pulled from. */
export function bindingProblem(file: SegmentFile, account: string, api: string): OtherAccount | undefined {
  const s = file.sync;
  if (!s || (s.account === account && s.api === api)) return undefined;
  return { reason: 'other-account', segmentId: file.segmentId, boundAccount: s.account, boundApi: s.api, account, api };
}

export async function deployOne(t: DeployTarget, ctx: DeployContext, opts: DeployOptions = {}): Promise<DeployOutcome> {
  const { file, path } = t;
  const body = requestBody(file);
  const localHash = contentHash(file.name, file.criteria);
  const syncFor = (segment: { edited_at?: string }, hash = localHash): SyncState => ({ account: ctx.account, api: ctx.api, hash, ...(segment.edited_at ? { edited_at: segment.edited_at } : {}) });

  if (file.segmentId === undefined) {
    const holder = ctx.liveSegments.find((s) => sameName(s.name, file.name));
    if (holder) return { kind: 'refused', reason: 'name-taken', action: 'create', name: file.name, holderId: holder.segment_id, conflict: false };
    if (opts.dryRun) return { kind: 'would-create', name: file.name };
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
    return { kind: 'created', segment, sync: syncFor(segment) };
  }

  const id = file.segmentId;
  const binding = bindingProblem(file, ctx.account, ctx.api);
  if (binding) return { kind: 'refused', ...binding };
  let remote: SegmentDetail;
  try {
    remote = await ctx.client.getSegment(id, { signal: ctx.signal });
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'not-found') {
      return { kind: 'refused', reason: 'not-found', segmentId: id };
    }
    throw e;
  }
  // GET answers for deleted segments too; the list holds only live ones.
  if (!ctx.liveSegments.some((s) => s.segment_id === id)) {
    return { kind: 'refused', reason: 'deleted', segmentId: id, remoteName: remote.name };
  }
  const rHash = remoteHash(remote);
  const label = `${path} (local)`;
  if (!file.sync && rHash !== localHash && !opts.force) {
    return { kind: 'refused', reason: 'no-sync-record', segmentId: id, diff: remoteDiff(remote, file, label) };
  }
  if (file.sync && rHash !== file.sync.hash && rHash !== localHash && !opts.force) {
    return {
      kind: 'refused',
      reason: 'remote-edited',
      segmentId: id,
      ...(remote.edited_at ? { remoteEditedAt: remote.edited_at } : {}),
      diff: remoteDiff(remote, file, label),
    };
  }
  if (rHash === localHash) {
    return { kind: 'unchanged', segmentId: id, sync: syncFor(remote) };
  }
  const holder = ctx.liveSegments.find((s) => s.segment_id !== id && sameName(s.name, file.name));
  if (holder) return { kind: 'refused', reason: 'name-taken', action: 'update', name: file.name, holderId: holder.segment_id, conflict: false };
  if (opts.dryRun) return { kind: 'would-update', segmentId: id, diff: remoteDiff(remote, file, label) };
  let segment: SegmentDetail;
  try {
    segment = await ctx.client.updateSegment(id, body, { signal: ctx.signal });
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'conflict') {
      return { kind: 'refused', reason: 'name-taken', action: 'update', name: file.name, conflict: true };
    }
    throw e;
  }
  return { kind: 'updated', segment, sync: syncFor(segment) };
}
