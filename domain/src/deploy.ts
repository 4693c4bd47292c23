/**
 * Deploying segment files: deciding, per file, whether to create, update, leave alone or refuse, and
 * doing it. No files are written here: the caller (the CLI, the extension) applies the returned
 * `segment_id` and `sync` to the document as planWriteBack (syncRecord.ts) says, so it can also keep the
 * user's edits.
 */
import type { CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import { remoteDiff, remoteHash, sameName } from './remoteSegment.js';
import { contentHash, requestBody, type SegmentFile, type SyncState } from './segmentFile.js';
import type { SegmentDetail, SegmentSummary } from '../../api/src/types.js';

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

export type DeployOutcome =
  | { kind: 'created' | 'updated'; segment: SegmentDetail; sync: SyncState; message: string }
  | { kind: 'unchanged'; segmentId: number; sync: SyncState; message: string }
  | { kind: 'would-create' | 'would-update'; message: string; diff?: string }
  | { kind: 'refused'; message: string; diff?: string };

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
export function bindingProblem(t: DeployTarget, account: string, api: string): string | undefined {
  const s = t.file.sync;
  if (!s || (s.account === account && s.api === api)) return undefined;
  return `${t.path}: segment ${t.file.segmentId} belongs to account ${s.account} at ${s.api}, but you are signed in to account ${account} at ${api}. Sign in to that account, or remove "segment_id" and "sync" from the file to create a new segment in this one.`;
}

function nameTakenMessage(name: string, holder: SegmentSummary): string {
  return `The name "${name}" is already used by segment ${holder.segment_id} in this account. To manage that segment from a file, pull it (\`segment-criteria pull ${holder.segment_id}\`) and edit that file; or give this segment another name.`;
}

export async function deployOne(t: DeployTarget, ctx: DeployContext, opts: DeployOptions = {}): Promise<DeployOutcome> {
  const { file, path } = t;
  const body = requestBody(file);
  const localHash = contentHash(file.name, file.criteria);
  const syncFor = (segment: { edited_at?: string }, hash = localHash): SyncState => ({ account: ctx.account, api: ctx.api, hash, ...(segment.edited_at ? { edited_at: segment.edited_at } : {}) });

  if (file.segmentId === undefined) {
    const holder = ctx.liveSegments.find((s) => sameName(s.name, file.name));
    if (holder) return { kind: 'refused', message: `${path}: not created. ${nameTakenMessage(file.name, holder)}` };
    if (opts.dryRun) return { kind: 'would-create', message: `${path}: would create segment "${file.name}".` };
    let segment: SegmentDetail;
    try {
      segment = await ctx.client.createSegment(body, { signal: ctx.signal });
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'conflict') {
        const now = await ctx.client.listSegments({ signal: ctx.signal }).catch(() => []);
        const h = now.find((s) => sameName(s.name, file.name));
        return { kind: 'refused', message: `${path}: not created (409). ${h ? nameTakenMessage(file.name, h) : `The name "${file.name}" is already taken in this account; choose another name.`}` };
      }
      if (e instanceof ApiError && e.kind === 'network') {
        throw new ApiError(e.kind, `${e.message} If "${file.name}" was created, the next deploy will say its name is taken and how to pull it.`, e.status, e.details, e.call);
      }
      throw e;
    }
    ctx.liveSegments.push(segment);
    return { kind: 'created', segment, sync: syncFor(segment), message: `${path}: created segment ${segment.segment_id} "${segment.name}".` };
  }

  const id = file.segmentId;
  const binding = bindingProblem(t, ctx.account, ctx.api);
  if (binding) return { kind: 'refused', message: binding };
  let remote: SegmentDetail;
  try {
    remote = await ctx.client.getSegment(id, { signal: ctx.signal });
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'not-found') {
      return { kind: 'refused', message: `${path}: segment ${id} does not exist in this account. Remove "segment_id" and "sync" from the file to create it as a new segment.` };
    }
    throw e;
  }
  // GET answers for deleted segments too; the list holds only live ones.
  if (!ctx.liveSegments.some((s) => s.segment_id === id)) {
    return { kind: 'refused', message: `${path}: segment ${id} ("${remote.name}") was deleted in the account. Remove "segment_id" and "sync" from the file to create it again as a new segment.` };
  }
  const rHash = remoteHash(remote);
  const label = `${path} (local)`;
  if (!file.sync && rHash !== localHash && !opts.force) {
    return {
      kind: 'refused',
      message: `${path}: has segment_id ${id} but no "sync" record, so a remote edit cannot be told from yours, and the remote differs. Pull it (\`segment-criteria pull ${id}\`) and reapply your change, or deploy with --force to overwrite the remote.`,
      diff: remoteDiff(remote, file, label),
    };
  }
  if (file.sync && rHash !== file.sync.hash && rHash !== localHash && !opts.force) {
    return {
      kind: 'refused',
      message: `${path}: segment ${id} was changed outside this file since it was last deployed or pulled (remote edited ${remote.edited_at ?? 'at an unknown time'}). Not overwritten. Pull it into another folder to compare (\`segment-criteria pull ${id} --dir <folder>\`), merge, and deploy again; or deploy with --force to overwrite the remote.`,
      diff: remoteDiff(remote, file, label),
    };
  }
  if (rHash === localHash) {
    return { kind: 'unchanged', segmentId: id, sync: syncFor(remote), message: `${path}: segment ${id} is up to date.` };
  }
  const holder = ctx.liveSegments.find((s) => s.segment_id !== id && sameName(s.name, file.name));
  if (holder) return { kind: 'refused', message: `${path}: not updated. ${nameTakenMessage(file.name, holder)}` };
  if (opts.dryRun) return { kind: 'would-update', message: `${path}: would update segment ${id}:`, diff: remoteDiff(remote, file, label) };
  let segment: SegmentDetail;
  try {
    segment = await ctx.client.updateSegment(id, body, { signal: ctx.signal });
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'conflict') {
      return { kind: 'refused', message: `${path}: not updated (409): the name "${file.name}" is already taken in this account; choose another name.` };
    }
    throw e;
  }
  return { kind: 'updated', segment, sync: syncFor(segment), message: `${path}: updated segment ${id} "${segment.name}".` };
}
