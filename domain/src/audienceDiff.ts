/**
 * Who would enter and who would leave a segment if its file were deployed now: the deployed segment's
 * contacts against the draft's (evaluated through a temporary segment, always deleted), each side read
 * with one export activity rather than paging 500 contacts a request. The requests it will take are
 * estimated before any is made, and the run stops rather than spend more than it is allowed.
 *
 * Contacts are matched by email address, unique per contact in Constant Contact: the guide's list of the
 * fields an export takes does not name the contact id.
 */
import type { CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import type { SegmentDetail } from '../../api/src/types.js';
import { ExportStopped, exportSegmentContacts } from './contactExport.js';
import { counting } from './count.js';
import { headerKey, parseCsv } from './csv.js';
import { bindingProblem, type BeforeWrite, type DeployRefusal, type OtherAccount } from './deploy.js';
import { withDraftSegment, type DraftSegmentOptions } from './preview.js';
import { remoteCriteria } from './remoteSegment.js';
import { contentHash, type SegmentFile } from './segmentFile.js';

export const DEFAULT_MAX_REQUESTS = 50;
export const DEFAULT_CONTACT_LIMIT = 20;
/**
 * Polls an estimate allows each export. The client polls after 0.5 s, then waits half as long again each
 * time up to 5 s: four polls cover about 6 s, which an export of a few thousand contacts takes.
 */
export const ASSUMED_POLLS_PER_EXPORT = 4;
/** The columns each side's export asks for. */
export const DIFF_FIELDS = ['email_address', 'first_name', 'last_name'];

export interface DiffContact {
  email_address: string;
  first_name?: string;
  last_name?: string;
}

export interface AudienceSide {
  count: number;
  /** The first contacts of the side (by email address), at most the limit asked for. */
  contacts: DiffContact[];
}

/** What a diff of this file will cost, known before any request. */
export interface RequestEstimate {
  requests: number;
  /**
   * One GET of the deployed segment: unchanged criteria end the diff there (after reading the list of live
   * segments, since GET answers for deleted ones too: fewer requests than the exports estimated).
   */
  readsDeployed: boolean;
  /** Export activities, each a POST, its polls and the download of its file. */
  exports: number;
  pollsPerExport: number;
  /** Creating and deleting the temporary segment for the draft. */
  temporarySegment: boolean;
}

export type DiffRefusal =
  /** The estimate is above maxRequests: nothing was sent. */
  | { kind: 'refused'; reason: 'over-max-requests'; estimate: RequestEstimate; maxRequests: number; requests: 0 }
  /** The exports took more polls than estimated: stopped before exceeding maxRequests. */
  | { kind: 'refused'; reason: 'out-of-requests'; estimate: RequestEstimate; maxRequests: number; requests: number }
  | ({ kind: 'refused'; requests: 0 } & OtherAccount)
  /** The file's segment is not in the account (or no longer: deleted). */
  | { kind: 'refused'; reason: 'not-found'; segmentId: number; requests: number };

export interface AudienceDiff {
  kind: 'diff';
  /**
   * `compared`: the two exports were compared. `not-deployed`: the file has no segment yet, so every
   * contact of the draft enters and none leaves. `same-criteria`: the deployed segment already has the
   * file's criteria, so nobody enters or leaves (the counts were not read).
   */
  basis: 'compared' | 'not-deployed' | 'same-criteria';
  /** The deployed segment, when the file has one. */
  segmentId?: number;
  entering: AudienceSide;
  leaving: AudienceSide;
  /** Contacts the draft selects (absent for `same-criteria`). */
  draftCount?: number;
  /** Contacts the deployed segment holds (absent unless `compared`). */
  deployedCount?: number;
  estimate: RequestEstimate;
  /** HTTP requests made, retries and polls included. */
  requests: number;
}

export interface SignedIn {
  account: string;
  api: string;
}

export interface AudienceDiffOptions extends DraftSegmentOptions {
  /** How many contacts of each side to return. Default 20. */
  limit?: number;
  /** Never spend more. Default 50. */
  maxRequests?: number;
  /**
   * Where the user is signed in: a file bound to another account or API host is refused. A function is
   * called only after the estimate passed (reading the account is a request too).
   */
  signedIn?: SignedIn | (() => Promise<SignedIn>);
}

/** The requests a diff of this file will take, with ASSUMED_POLLS_PER_EXPORT polls per export. */
export function estimateDiffRequests(file: Pick<SegmentFile, 'segmentId'>): RequestEstimate {
  const readsDeployed = file.segmentId !== undefined;
  const exports = readsDeployed ? 2 : 1;
  const pollsPerExport = ASSUMED_POLLS_PER_EXPORT;
  const requests = (readsDeployed ? 1 : 0) + 2 + exports * (2 + pollsPerExport);
  return { requests, readsDeployed, exports, pollsPerExport, temporarySegment: true };
}

/** Whether the deployed segment holds the file's criteria (its name aside: a name selects nobody). */
export function sameCriteria(file: SegmentFile, remote: SegmentDetail): boolean {
  return contentHash('', file.criteria) === contentHash('', remoteCriteria(remote));
}

export async function audienceDiff(client: CtctClient, file: SegmentFile, opts: AudienceDiffOptions = {}): Promise<AudienceDiff | DiffRefusal> {
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_CONTACT_LIMIT));
  const maxRequests = opts.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const estimate = estimateDiffRequests(file);
  if (estimate.requests > maxRequests) return { kind: 'refused', reason: 'over-max-requests', estimate, maxRequests, requests: 0 };
  if (opts.signedIn && file.segmentId !== undefined) {
    const where = typeof opts.signedIn === 'function' ? await opts.signedIn() : opts.signedIn;
    const problem = bindingProblem(file, where.account, where.api);
    if (problem) return { kind: 'refused', ...problem, requests: 0 };
  }
  const tally = counting(opts);
  // Requests still to come after the current step, kept free when deciding whether one more poll fits.
  let reserved = 0;
  const mayPoll = () => tally.requests() + 1 + reserved <= maxRequests;
  const exportOf = (segmentId: number) => exportSegmentContacts(client, segmentId, { ...tally.opts, fields: DIFF_FIELDS, mayPoll });
  const done = (d: Omit<AudienceDiff, 'kind' | 'estimate' | 'requests'>): AudienceDiff => ({ kind: 'diff', ...d, estimate, requests: tally.requests() });
  try {
    let deployed: Map<string, DiffContact> | undefined;
    const id = file.segmentId;
    if (id !== undefined) {
      try {
        const remote = await client.getSegment(id, tally.opts);
        if (sameCriteria(file, remote)) {
          // GET answers for a deleted segment too; the list holds only live ones. (Changed criteria find
          // out from the export, which the API refuses for a segment that is not there.)
          const live = (await client.listSegments(tally.opts)).some((s) => s.segment_id === id);
          if (!live) return { kind: 'refused', reason: 'not-found', segmentId: id, requests: tally.requests() };
          return done({ basis: 'same-criteria', segmentId: id, entering: side([], 0), leaving: side([], 0) });
        }
        // This export's download, then the draft's segment, export and download, and the delete.
        reserved = 5;
        deployed = contactsOf((await exportOf(id)).csv);
      } catch (e) {
        if (e instanceof ApiError && e.kind === 'not-found') return { kind: 'refused', reason: 'not-found', segmentId: id, requests: tally.requests() };
        throw e;
      }
    }
    // The draft's download and the delete of its segment.
    reserved = 2;
    const draft = contactsOf((await withDraftSegment(client, file, (s) => exportOf(s.segment_id), tally.opts)).csv);
    if (!deployed) return done({ basis: 'not-deployed', entering: side([...draft.values()], limit), leaving: side([], limit), draftCount: draft.size });
    const entering = [...draft].filter(([k]) => !deployed.has(k)).map(([, c]) => c);
    const leaving = [...deployed].filter(([k]) => !draft.has(k)).map(([, c]) => c);
    return done({ basis: 'compared', segmentId: id!, entering: side(entering, limit), leaving: side(leaving, limit), draftCount: draft.size, deployedCount: deployed.size });
  } catch (e) {
    if (e instanceof ExportStopped) return { kind: 'refused', reason: 'out-of-requests', estimate, maxRequests, requests: tally.requests() };
    throw e;
  }
}

/** How much a deploy of the file would change its segment's audience. */
export type AudienceChange =
  /** The file has no segment yet: a new segment has no change. */
  | { kind: 'new-segment'; requests: 0 }
  /** The deployed segment has the file's criteria already. */
  | { kind: 'same-criteria'; segmentId: number; requests: number }
  | {
      kind: 'changed';
      segmentId: number;
      entering: number;
      leaving: number;
      deployedCount: number;
      /** (entering + leaving) / deployedCount, in percent; Infinity when an empty segment gains contacts. */
      percent: number;
      requests: number;
    }
  | DiffRefusal;

/**
 * The audience change a deploy of the file would make, for `--max-change` and the editor's setting: call it
 * per file before writing. Costs nothing for a new segment, one request for unchanged criteria.
 */
export async function audienceChange(client: CtctClient, file: SegmentFile, opts: Omit<AudienceDiffOptions, 'limit'> = {}): Promise<AudienceChange> {
  if (file.segmentId === undefined) return { kind: 'new-segment', requests: 0 };
  const d = await audienceDiff(client, file, { ...opts, limit: 0 });
  if (d.kind === 'refused') return d;
  if (d.basis === 'same-criteria' || d.deployedCount === undefined) return { kind: 'same-criteria', segmentId: file.segmentId, requests: d.requests };
  const entering = d.entering.count;
  const leaving = d.leaving.count;
  return { kind: 'changed', segmentId: file.segmentId, entering, leaving, deployedCount: d.deployedCount, percent: changePercent(entering, leaving, d.deployedCount), requests: d.requests };
}

export function changePercent(entering: number, leaving: number, deployedCount: number): number {
  if (entering + leaving === 0) return 0;
  return deployedCount === 0 ? Infinity : ((entering + leaving) / deployedCount) * 100;
}

/** Whether the change is above the limit (in percent); a new segment and unchanged criteria never are. */
export function exceedsMaxChange(change: AudienceChange, maxPercent: number): boolean {
  return change.kind === 'changed' && change.percent > maxPercent;
}

/**
 * The check `--max-change` adds before each update (deploy and apply): measures the change and refuses the
 * file when it is above `maxPercent`, or cannot be measured within `maxRequests`. A new segment has no
 * change. `onMeasured` hears of each change within the limit; the measurement's temporary segment is
 * told of through `onCreated`, `onDeleted` and `onLeftover`.
 */
export function maxChangeCheck(
  client: CtctClient,
  maxPercent: number,
  opts: { maxRequests?: number; onMeasured?: (path: string, change: AudienceChange) => void } & Pick<AudienceDiffOptions, 'signal' | 'onCreated' | 'onDeleted' | 'onLeftover'> = {},
): BeforeWrite {
  const { maxRequests, onMeasured, ...measuring } = opts;
  return async (target, decision): Promise<DeployRefusal | undefined> => {
    if (decision.kind !== 'update') return undefined;
    const change = await audienceChange(client, target.file, { ...measuring, maxRequests: maxRequests ?? DEFAULT_MAX_REQUESTS });
    if (change.kind === 'refused' || (change.kind === 'changed' && exceedsMaxChange(change, maxPercent))) {
      return { reason: 'audience-change', segmentId: decision.segmentId, maxPercent, change };
    }
    onMeasured?.(target.path, change);
    return undefined;
  };
}

function side(contacts: DiffContact[], limit: number): AudienceSide {
  const sorted = [...contacts].sort((a, b) => a.email_address.localeCompare(b.email_address));
  return { count: contacts.length, contacts: sorted.slice(0, limit) };
}

/** The export's contacts by lowercased email address. */
export function contactsOf(csv: string): Map<string, DiffContact> {
  const [header, ...rows] = parseCsv(csv);
  const keys = (header ?? []).map(headerKey);
  const col = (...names: string[]) => keys.findIndex((k) => names.includes(k));
  const email = col('email_address', 'email');
  if (email < 0) throw new ApiError('unexpected', 'The export file has no email address column. Try again.');
  const first = col('first_name');
  const last = col('last_name');
  const out = new Map<string, DiffContact>();
  rows.forEach((row, i) => {
    if (row.length === 1 && row[0] === '') return;
    const address = (row[email] ?? '').trim();
    const c: DiffContact = { email_address: address };
    if (first >= 0 && row[first]) c.first_name = row[first];
    if (last >= 0 && row[last]) c.last_name = row[last];
    // A contact without an email address (SMS only) is still one contact.
    out.set(address ? address.toLowerCase() : `#row${i}`, c);
  });
  return out;
}
