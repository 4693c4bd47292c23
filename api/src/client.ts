/**
 * The Constant Contact V3 client shared by the CLI and the extension. No `vscode` here: the base URL and
 * the token come from outside. Node's fetch, a client-side rate limit, retries that never repeat a POST
 * blindly, paging by `_links.next.href`, and polling of the contacts endpoint's 202 `processing`.
 */
import { WITHOUT_SCOPE } from './auth/scopes.js';
import { ApiError, failedBeforeSending, httpError, networkError, parseErrorBody, type ErrorHints } from './errors.js';
import { OPERATIONS, operationPath, type Operation } from './operations.js';
import { RateLimiter } from './rateLimiter.js';
import { sleep } from './sleep.js';
import type {
  AccountSummary,
  Activity,
  AddListMembershipsFromSegment,
  Campaign,
  CampaignDetail,
  Contact,
  ContactList,
  CustomField,
  EmailActivityInclude,
  EmailCampaignActivity,
  EmailSchedule,
  Links,
  SegmentBody,
  SegmentDetail,
  SegmentSummary,
  Tag,
} from './types.js';

export const DEFAULT_API_BASE_URL = 'https://api.cc.email/v3';

/** Where the access token comes from. */
export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<string>;
  /** After a 401: a fresh token (e.g. by refreshing), or undefined when there is none. Called once per call. */
  refresh?(rejected: string, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * The scopes the token was granted, when known (undefined: as asked, or not known). A call that needs
   * another is refused before it is sent, with what the missing scope blocks.
   */
  grantedScopes?(): Promise<readonly string[] | undefined>;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export interface ClientOptions {
  baseUrl: string;
  auth: TokenSource;
  fetch?: typeof fetch;
  /**
   * Shared client-side limit; `false` turns it off (tests of the server's own 429). Default 4 per 1050 ms:
   * the server counts arrivals, and a little margin keeps jitter from turning into 429s.
   */
  limiter?: RateLimiter | false;
  /** Per attempt, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Retries of idempotent calls after a 5xx or a network fault. Default 3. */
  retries?: number;
  /** Retries after 429 `throttled` (only that key: any other 429 is reported at once). Default 6. */
  throttleRetries?: number;
  backoff?: Backoff;
  /** Polling of 202 `processing`: first wait, longest wait, and when to give up. */
  processing?: { initialMs: number; maxMs: number; maxWaitMs: number };
  hints?: ErrorHints;
  /** Called after every attempt (for request counts and logs; never given the token). */
  onRequest?: (info: { method: string; call: string; status: number | 'error'; ms: number }) => void;
}

export interface ContactPage {
  contacts: Contact[];
  /** Whether another page follows. */
  hasMore: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Called after every attempt this call makes (retries and polls included): what a command spends. */
  onRequest?: (call: string) => void;
}

interface SendOptions extends CallOptions {
  body?: unknown;
  /** May be sent again after a 5xx or a network fault. POST is not: it may have been applied. */
  idempotent: boolean;
}

interface Answer {
  status: number;
  body: unknown;
  text: string;
  contentType: string;
}

export class CtctClient {
  readonly baseUrl: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly limiter: RateLimiter | undefined;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly throttleRetries: number;
  private readonly backoff: Backoff;
  private readonly processing: { initialMs: number; maxMs: number; maxWaitMs: number };

  constructor(private readonly options: ClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl.replace(/\/+$/, ''));
    } catch {
      throw new ApiError('unexpected', `The API base URL "${options.baseUrl}" is not a URL. Give one like ${DEFAULT_API_BASE_URL}.`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
      throw new ApiError('unexpected', `The API base URL must use https (plain http is allowed only for a local sandbox on 127.0.0.1 or localhost): ${url.origin}`);
    }
    this.baseUrl = url;
    this.fetchImpl = options.fetch ?? fetch;
    this.limiter = options.limiter === false ? undefined : (options.limiter ?? new RateLimiter(4, 1050));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 3;
    this.throttleRetries = options.throttleRetries ?? 6;
    this.backoff = options.backoff ?? { baseMs: 500, maxMs: 8000 };
    this.processing = options.processing ?? { initialMs: 500, maxMs: 5000, maxWaitMs: 120_000 };
  }

  /** The API host a token is bound to, e.g. `api.cc.email` or `127.0.0.1:4010`. */
  get apiHost(): string {
    return this.baseUrl.host;
  }

  // ---- segments ------------------------------------------------------------------------------

  /** Every live segment, following the pages to the end. `pageSize` is the API's `limit` (default 1000). */
  async listSegments(opts: CallOptions & { sortBy?: 'name' | 'date'; pageSize?: number } = {}): Promise<SegmentSummary[]> {
    const op = OPERATIONS.getAccountSegments;
    const out: SegmentSummary[] = [];
    const first = operationPath(op, {}, { limit: String(opts.pageSize ?? 1000), ...(opts.sortBy ? { sort_by: opts.sortBy } : {}) });
    for await (const page of this.pages(op, first, opts)) out.push(...((page.segments as SegmentSummary[]) ?? []));
    return out;
  }

  async getSegment(id: number, opts: CallOptions = {}): Promise<SegmentDetail> {
    const op = OPERATIONS.getSegmentDetail;
    return (await this.send(op, operationPath(op, { segment_id: segmentId(id) }), { ...opts, idempotent: true })).body as SegmentDetail;
  }

  async createSegment(body: SegmentBody, opts: CallOptions = {}): Promise<SegmentDetail> {
    const op = OPERATIONS.createSegment;
    return (await this.send(op, operationPath(op), { ...opts, body, idempotent: false })).body as SegmentDetail;
  }

  async updateSegment(id: number, body: SegmentBody, opts: CallOptions = {}): Promise<SegmentDetail> {
    const op = OPERATIONS.updateSegment;
    return (await this.send(op, operationPath(op, { segment_id: segmentId(id) }), { ...opts, body, idempotent: true })).body as SegmentDetail;
  }

  async renameSegment(id: number, name: string, opts: CallOptions = {}): Promise<SegmentDetail> {
    const op = OPERATIONS.updateSegmentName;
    return (await this.send(op, operationPath(op, { segment_id: segmentId(id) }), { ...opts, body: { name }, idempotent: true })).body as SegmentDetail;
  }

  async deleteSegment(id: number, opts: CallOptions = {}): Promise<void> {
    const op = OPERATIONS.deleteSegment;
    await this.send(op, operationPath(op, { segment_id: segmentId(id) }), { ...opts, idempotent: true });
  }

  // ---- contacts ------------------------------------------------------------------------------

  /**
   * The contacts of a segment, page by page, waiting out 202 `processing` (a segment's first
   * evaluation) with growing pauses. `limit` is per page (1 to 500).
   */
  async *segmentContactPages(id: number, opts: CallOptions & { limit?: number } = {}): AsyncGenerator<ContactPage> {
    const limit = Math.min(500, Math.max(1, Math.floor(opts.limit ?? 500)));
    let next: string | undefined = operationPath(OPERATIONS.getContacts, {}, { segment_id: String(segmentId(id)), limit: String(limit) });
    while (next) {
      const answer = await this.getWhileProcessing(next, opts.signal);
      const body = answer.body as { contacts?: Contact[]; _links?: Links };
      next = body._links?.next?.href;
      yield { contacts: body.contacts ?? [], hasMore: !!next };
    }
  }

  /** How many contacts the account has (not a segment's count: with segment_id there is none). */
  async contactsCount(opts: CallOptions = {}): Promise<number | undefined> {
    // `include_count` on GET /contacts is in the API's published spec, beyond the project's API note.
    const op = OPERATIONS.getContacts;
    const body = (await this.send(op, operationPath(op, {}, { limit: '1', include_count: 'true' }), { ...opts, idempotent: true })).body as { contacts_count?: number };
    return typeof body.contacts_count === 'number' ? body.contacts_count : undefined;
  }

  // ---- account lookups -----------------------------------------------------------------------

  async accountSummary(opts: CallOptions = {}): Promise<AccountSummary> {
    const op = OPERATIONS.getAccountById;
    return (await this.send(op, operationPath(op), { ...opts, idempotent: true })).body as AccountSummary;
  }

  async contactLists(opts: CallOptions = {}): Promise<ContactList[]> {
    return this.collect(OPERATIONS.getLists, { limit: '1000' }, 'lists', opts);
  }

  /** Creates a contact list (POST /contact_lists); a name another list has is a 409 conflict. */
  async createList(name: string, opts: CallOptions = {}): Promise<ContactList> {
    const op = OPERATIONS.createList;
    return (await this.send(op, operationPath(op), { ...opts, body: { name }, idempotent: false })).body as ContactList;
  }

  /** One list with how many contacts it holds (`membership_count`, every member: include_membership_count=all). */
  async getList(listId: string, opts: CallOptions = {}): Promise<ContactList> {
    const op = OPERATIONS.getList;
    return (await this.send(op, operationPath(op, { list_id: listId }, { include_membership_count: 'all' }), { ...opts, idempotent: true })).body as ContactList;
  }

  /** Starts adding a segment's current contacts to up to 50 lists; poll it with waitForActivity. */
  async addSegmentToLists(segment: number, listIds: string[], opts: CallOptions = {}): Promise<Activity> {
    const op = OPERATIONS.postListAddContact;
    const body: AddListMembershipsFromSegment = { source: { segment_id: segmentId(segment) }, list_ids: listIds };
    return (await this.send(op, operationPath(op), { ...opts, body, idempotent: false })).body as Activity;
  }

  async tags(opts: CallOptions = {}): Promise<Tag[]> {
    return this.collect(OPERATIONS.getTags, { limit: '500' }, 'tags', opts);
  }

  async customFields(opts: CallOptions = {}): Promise<CustomField[]> {
    return this.collect(OPERATIONS.getCustomFields, { limit: '100' }, 'custom_fields', opts);
  }

  async campaigns(opts: CallOptions = {}): Promise<Campaign[]> {
    return this.collect(OPERATIONS.retrieveEmailCampaignsUsingGET, { limit: '500' }, 'campaigns', opts);
  }

  async campaign(campaignId: string, opts: CallOptions = {}): Promise<CampaignDetail> {
    const op = OPERATIONS.retrieveEmailCampaignUsingGET;
    return (await this.send(op, operationPath(op, { campaign_id: campaignId }), { ...opts, idempotent: true })).body as CampaignDetail;
  }

  /** A campaign activity; `include` adds what the API leaves out by default (the email's content among them). */
  async emailActivity(activityId: string, opts: CallOptions & { include?: readonly EmailActivityInclude[] } = {}): Promise<EmailCampaignActivity> {
    const op = OPERATIONS.retrieveEmailCampaignActivityUsingGET;
    const query = opts.include?.length ? { include: opts.include.join(',') } : undefined;
    return (await this.send(op, operationPath(op, { campaign_activity_id: activityId }, query), { ...opts, idempotent: true })).body as EmailCampaignActivity;
  }

  /**
   * Replaces a campaign activity: the API overwrites whatever the body omits, so send it everything read
   * (with include=) except its read-only properties (writableActivity in emailActivity.ts).
   */
  async updateEmailActivity(activityId: string, body: Record<string, unknown>, opts: CallOptions = {}): Promise<EmailCampaignActivity> {
    const op = OPERATIONS.updateEmailCampaignActivityUsingPUT;
    return (await this.send(op, operationPath(op, { campaign_activity_id: activityId }), { ...opts, body, idempotent: true })).body as EmailCampaignActivity;
  }

  /** When a SCHEDULED activity goes out; empty for any other status. */
  async emailSchedules(activityId: string, opts: CallOptions = {}): Promise<EmailSchedule[]> {
    const op = OPERATIONS.retrieveEmailSchedulesUsingGET;
    return ((await this.send(op, operationPath(op, { campaign_activity_id: activityId }), { ...opts, idempotent: true })).body as EmailSchedule[] | undefined) ?? [];
  }

  /** The scopes the token was granted, when known (undefined: granted as asked, or not known). */
  async grantedScopes(): Promise<readonly string[] | undefined> {
    return this.options.auth.grantedScopes?.();
  }

  // ---- bulk export ---------------------------------------------------------------------------

  /** `fields`: the contact properties (CSV columns) to export; every one when absent. */
  async createContactExport(segment: number, opts: CallOptions & { fields?: string[] } = {}): Promise<Activity> {
    // The export is CSV; the spec's ContactsExport has no property to ask for a file type.
    const op = OPERATIONS.postContactsExport;
    const body = { segment_id: segmentId(segment), ...(opts.fields ? { fields: opts.fields } : {}) };
    return (await this.send(op, operationPath(op), { ...opts, body, idempotent: false })).body as Activity;
  }

  /**
   * Polls an activity until it completes (or fails), with growing pauses; or, sooner, until `until` holds
   * for what the API last answered (a count already known, a budget spent), returning that answer. An
   * activity that ends otherwise (failed, cancelled, timed out) is an error, or with `returnEnded` is
   * returned (its `activity_errors` say why).
   */
  async waitForActivity(activity: Activity, opts: CallOptions & { returnEnded?: boolean; until?: (a: Activity) => boolean } = {}): Promise<Activity> {
    const started = Date.now();
    let wait = this.processing.initialMs;
    let current = activity;
    for (;;) {
      if (current.state === 'completed') return current;
      if (['failed', 'cancelled', 'timed_out'].includes(current.state)) {
        if (opts.returnEnded) return current;
        throw new ApiError('unexpected', `The export activity ${current.activity_id} ended as "${current.state}". Try again.`);
      }
      if (opts.until?.(current)) return current;
      if (Date.now() - started > this.processing.maxWaitMs) {
        throw new ApiError('processing-timeout', `The export activity ${current.activity_id} did not finish within ${Math.round(this.processing.maxWaitMs / 1000)} s. Try again later.`);
      }
      await this.pause(wait, opts.signal);
      wait = Math.min(this.processing.maxMs, wait * 1.5);
      const op = OPERATIONS.getActivity;
      const href = current._links?.self?.href ?? operationPath(op, { activity_id: current.activity_id });
      current = (await this.send(op, href, { ...opts, idempotent: true })).body as Activity;
    }
  }

  /** Downloads a file the API links to (an export's results), as text. */
  async download(href: string, opts: CallOptions = {}): Promise<string> {
    return (await this.send(OPERATIONS.getContactsExport, href, { ...opts, idempotent: true })).text;
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private async collect<T>(op: Operation, query: Record<string, string>, key: string, opts: CallOptions): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages(op, operationPath(op, {}, query), opts)) out.push(...(((page as Record<string, unknown>)[key] as T[]) ?? []));
    return out;
  }

  /** Follows `_links.next.href` as given until it is absent. */
  private async *pages(op: Operation, first: string, opts: CallOptions): AsyncGenerator<Record<string, unknown>> {
    let next: string | undefined = first;
    while (next) {
      const body = (await this.send(op, next, { ...opts, idempotent: true })).body as Record<string, unknown> & { _links?: Links };
      yield body;
      next = body._links?.next?.href;
    }
  }

  private async getWhileProcessing(target: string, signal?: AbortSignal): Promise<Answer> {
    const started = Date.now();
    let wait = this.processing.initialMs;
    for (;;) {
      const answer = await this.send(OPERATIONS.getContacts, target, { signal, idempotent: true });
      if (answer.status !== 202) return answer;
      if (Date.now() - started + wait > this.processing.maxWaitMs) {
        throw new ApiError(
          'processing-timeout',
          `Constant Contact is still evaluating the segment after ${Math.round((Date.now() - started) / 1000)} s (202 processing). Try again in a few minutes.`,
          202,
          [],
          `GET ${this.display(this.resolve(target))}`,
        );
      }
      await this.pause(wait, signal);
      wait = Math.min(this.processing.maxMs, wait * 1.5);
    }
  }

  /** `/segments` is relative to the base URL; an href from `_links` is resolved against its origin. */
  private resolve(target: string): URL {
    let url: URL;
    if (/^https?:\/\//i.test(target)) url = new URL(target);
    else if (target.startsWith(this.baseUrl.pathname + '/') || (this.baseUrl.pathname === '/' && target.startsWith('/'))) url = new URL(target, this.baseUrl.origin);
    else url = new URL(this.baseUrl.href.replace(/\/+$/, '') + target);
    // The token goes to the API host only, whatever a link says.
    if (url.origin !== this.baseUrl.origin) {
      throw new ApiError('unexpected', `The API linked to another host (${url.origin}); not following it with your token.`);
    }
    return url;
  }

  private display(url: URL): string {
    const base = this.baseUrl.pathname.replace(/\/+$/, '');
    const path = base && url.pathname.startsWith(base + '/') ? url.pathname.slice(base.length) : url.pathname;
    return path + url.search;
  }

  private async pause(ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch {
      throw new ApiError('cancelled', 'Cancelled.');
    }
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private async send(op: Operation, target: string, opts: SendOptions): Promise<Answer> {
    const { method } = op;
    const url = this.resolve(target);
    const call = `${method} ${this.display(url)}`;
    const granted = await this.options.auth.grantedScopes?.();
    if (granted && !granted.includes(op.scope)) {
      const signIn = this.options.hints?.signIn ?? 'Sign in again.';
      throw new ApiError('missing-scope', `${call} needs the ${op.scope} scope, which your sign-in was not granted (without it, ${WITHOUT_SCOPE[op.scope]}). Allow it when you sign in again. ${signIn}`, undefined, [], call);
    }
    let faults = 0;
    // An earlier attempt may have reached the server (a 5xx, a reset): then a later refused connection
    // does not make the whole call "nothing was sent".
    let mayHaveArrived = false;
    let throttles = 0;
    let refreshed = false;
    let token = await this.options.auth.getToken(opts.signal);
    for (;;) {
      if (this.limiter) {
        try {
          await this.limiter.acquire(opts.signal);
        } catch {
          throw new ApiError('cancelled', 'Cancelled.', undefined, [], call);
        }
      }
      const started = Date.now();
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new Error('timeout')), this.timeoutMs);
      const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
      let status = 0;
      let text = '';
      let contentType = '';
      try {
        const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
        if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
        const res = await this.fetchImpl(url, {
          method,
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          signal,
          redirect: 'error',
        });
        status = res.status;
        contentType = res.headers.get('content-type') ?? '';
        text = await res.text();
      } catch (e) {
        this.options.onRequest?.({ method, call, status: 'error', ms: Date.now() - started });
        opts.onRequest?.(call);
        if (opts.signal?.aborted) throw new ApiError('cancelled', 'Cancelled.', undefined, [], call);
        const timedOut = timeout.signal.aborted;
        const failure = networkFailure(e);
        if (timedOut || !failure.notSent) mayHaveArrived = true;
        if (opts.idempotent && faults < this.retries) {
          await this.pause(this.backoffMs(faults++), opts.signal);
          continue;
        }
        throw networkError(
          call,
          this.baseUrl.host,
          { ...failure, notSent: failure.notSent && !mayHaveArrived, timedOut, timeoutMs: this.timeoutMs, attempts: faults + 1, idempotent: !!opts.idempotent },
          this.options.hints,
        );
      } finally {
        clearTimeout(timer);
      }
      this.options.onRequest?.({ method, call, status, ms: Date.now() - started });
      opts.onRequest?.(call);

      if (status >= 200 && status < 300) {
        let body: unknown = undefined;
        if (text && contentType.includes('json')) {
          try {
            body = JSON.parse(text);
          } catch {
            throw new ApiError('unexpected', `${call}: the answer was not valid JSON.`, status, [], call);
          }
        }
        return { status, body, text, contentType };
      }
      const details = parseErrorBody(text);
      if (status === 401 && !refreshed && this.options.auth.refresh) {
        refreshed = true;
        const fresh = await this.options.auth.refresh(token, opts.signal);
        if (fresh) {
          token = fresh;
          continue;
        }
      }
      // A throttled request was not processed, so even a POST may be sent again. Any other 429 (the daily
      // quota, the export endpoint's queue of activities) is reported, never repeated.
      if (status === 429 && details[0]?.error_key === 'throttled' && throttles < this.throttleRetries) {
        await this.pause(this.backoffMs(throttles++), opts.signal);
        continue;
      }
      if (status >= 500) mayHaveArrived = true;
      if (status >= 500 && opts.idempotent && faults < this.retries) {
        await this.pause(this.backoffMs(faults++), opts.signal);
        continue;
      }
      // A DELETE repeated after a fault may find its own earlier success.
      if (status === 404 && method === 'DELETE' && faults > 0) return { status: 204, body: undefined, text: '', contentType: '' };
      throw httpError(status, details, call, this.options.hints, op);
    }
  }
}

function segmentId(id: number): number {
  if (!Number.isSafeInteger(id) || id < 0) throw new ApiError('unexpected', `A segment id is a whole number, not "${id}".`);
  return id;
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Why fetch failed (its cause's code), and whether that code says the request never left. */
function networkFailure(e: unknown): { reason: string; notSent: boolean } {
  const cause = (e as { cause?: { code?: string; message?: string; errors?: unknown[] } })?.cause;
  // Several addresses tried in turn (happy eyeballs) fail as one AggregateError: not sent only if none was.
  const codes = Array.isArray(cause?.errors) ? cause.errors.map((x) => (x as { code?: string })?.code) : [cause?.code];
  const reason = cause?.code ?? codes.find(Boolean) ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
  return { reason, notSent: codes.length > 0 && codes.every((c) => failedBeforeSending(c)) };
}
