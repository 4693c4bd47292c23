/**
 * The Constant Contact V3 resources the sandbox serves, with the API's status codes and error bodies:
 * segments (409 on a taken name, 404, soft delete, `edited_at` to the second), contacts of a segment
 * (paged; 202 `processing` on a segment's first evaluation), lookups, the account summary and the
 * contact export activity.
 */
import { randomUUID } from 'node:crypto';
import { CampaignRoutes } from './campaignRoutes.js';
import type { SandboxContact, SandboxData, SandboxSegment } from './data.js';
import { CriteriaError, Evaluator } from './evaluator.js';
import { exportCsv, unknownExportFields } from './exportColumns.js';
import { apiError, badRequest, decodeCursor, encodeCursor, HttpError, intParam, notFound, type Reply } from './http.js';
import { ListRoutes } from './listRoutes.js';
import { LIMITS } from '../../server/src/language/vocabulary.js';

export const API_PATH = '/v3';

/** The operations of the published spec (`METHOD /path`) the sandbox answers; any other request is a 404. */
export const SERVED_OPERATIONS = [
  'GET /segments',
  'POST /segments',
  'GET /segments/{segment_id}',
  'PUT /segments/{segment_id}',
  'DELETE /segments/{segment_id}',
  'PATCH /segments/{segment_id}/name',
  'GET /contacts',
  'GET /contact_lists',
  'POST /contact_lists',
  'GET /contact_lists/{list_id}',
  'POST /activities/add_list_memberships',
  'GET /contact_tags',
  'GET /contact_custom_fields',
  'GET /emails',
  'GET /emails/{campaign_id}',
  'GET /emails/activities/{campaign_activity_id}',
  'PUT /emails/activities/{campaign_activity_id}',
  'GET /emails/activities/{campaign_activity_id}/schedules',
  'GET /account/summary',
  'POST /activities/contact_exports',
  'GET /activities/{activity_id}',
  'GET /contact_exports/{file_export_id}',
] as const;

export interface ApiTimings {
  /** How long a segment's first evaluation answers 202 processing. */
  processingMs: number;
  /** How long an export activity stays processing. */
  exportMs: number;
  /** How many export activities may be in progress before the export endpoint answers 429. */
  queuedActivities: number;
}

interface SegmentState extends SandboxSegment {
  /** When the current criteria's first evaluation is done; undefined until asked for contacts. */
  evaluatedAt?: number;
}

interface ExportState {
  activity_id: string;
  created_at: string;
  readyAt: number;
  contacts: SandboxContact[];
  /** The columns asked for; every usual one when absent. */
  fields?: string[];
}

/** The API's timestamps: ISO-8601, to the second. */
const stamp = (ms = Date.now()) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

export class ApiState {
  readonly evaluator: Evaluator;
  readonly segments = new Map<number, SegmentState>();
  private nextSegmentId = 1;
  private readonly exports = new Map<string, ExportState>();
  /** Campaigns and their activities: /emails and below. */
  readonly campaigns: CampaignRoutes;
  /** Contact lists and the list membership activities, which share GET /activities/{id} and the queue with exports. */
  readonly listRoutes: ListRoutes;

  constructor(
    readonly data: SandboxData,
    readonly timings: ApiTimings,
  ) {
    this.evaluator = new Evaluator(data);
    this.listRoutes = new ListRoutes(data, {
      apiPath: API_PATH,
      evaluator: this.evaluator,
      liveSegment: (id) => {
        const s = this.segments.get(id);
        return s && !s.deleted_at ? s : undefined;
      },
      activityMs: () => this.timings.exportMs,
      othersInProgress: (now) => [...this.exports.values()].filter((e) => e.readyAt > now).length,
      queuedActivities: () => this.timings.queuedActivities,
    });
    for (const s of data.segments ?? []) {
      this.segments.set(s.segment_id, { ...s });
      this.nextSegmentId = Math.max(this.nextSegmentId, s.segment_id + 1);
    }
    this.campaigns = new CampaignRoutes(data, API_PATH, { liveSegment: (id) => !!this.segments.get(id) && !this.segments.get(id)!.deleted_at, stamp: () => stamp() });
  }

  /** `body` is the request's JSON body, read (and held to the contract) by the server. */
  async handle(m: string, url: URL, body: Record<string, unknown> | undefined): Promise<Reply> {
    const path = url.pathname.slice(API_PATH.length).replace(/\/+$/, '') || '/';
    const json = () => body ?? {};
    let g: RegExpMatchArray | null;
    // A list membership activity whose time has come runs before anything reads contacts or lists.
    this.listRoutes.settle();
    const listReply = this.listRoutes.handle(m, path, url, body);
    if (listReply) return listReply;
    if (path === '/segments' && m === 'GET') return this.listSegments(url);
    if (path === '/segments' && m === 'POST') return this.createSegment(json());
    if ((g = path.match(/^\/segments\/([^/]+)$/))) {
      const id = segmentIdParam(g[1]!);
      if (m === 'GET') return this.getSegment(id);
      if (m === 'PUT') return this.updateSegment(id, json());
      if (m === 'DELETE') return this.deleteSegment(id);
    }
    if ((g = path.match(/^\/segments\/([^/]+)\/name$/)) && m === 'PATCH') return this.renameSegment(segmentIdParam(g[1]!), json());
    if (path === '/contacts' && m === 'GET') return this.contacts(url);
    if (path === '/contact_tags' && m === 'GET') return this.tags();
    if (path === '/contact_custom_fields' && m === 'GET') return this.customFields();
    const campaignReply = this.campaigns.handle(m, path, url, body);
    if (campaignReply) return campaignReply;
    if (path === '/account/summary' && m === 'GET') return this.accountSummary();
    if (path === '/activities/contact_exports' && m === 'POST') return this.createExport(json());
    if ((g = path.match(/^\/activities\/([^/]+)$/)) && m === 'GET') return this.activity(decodeURIComponent(g[1]!));
    if ((g = path.match(/^\/contact_exports\/([^/]+)$/)) && m === 'GET') return this.download(decodeURIComponent(g[1]!));
    throw notFound(`No resource at ${m} ${url.pathname}.`);
  }

  // ---- segments ----------------------------------------------------------------------------------

  private live(): SegmentState[] {
    return [...this.segments.values()].filter((s) => !s.deleted_at);
  }

  private summary(s: SegmentState) {
    return { name: s.name, segment_id: s.segment_id, created_at: s.created_at, edited_at: s.edited_at };
  }

  private detail(s: SegmentState) {
    return { name: s.name, segment_criteria: s.segment_criteria, segment_id: s.segment_id, created_at: s.created_at, edited_at: s.edited_at };
  }

  private listSegments(url: URL): Reply {
    const cursor = url.searchParams.get('cursor');
    const c = cursor ? decodeCursor(cursor) : {};
    const limit = cursor ? Number(c.limit) : intParam(url.searchParams.get('limit'), 1, 1000, 1000);
    const sortBy = cursor ? String(c.sort) : (url.searchParams.get('sort_by') ?? 'date');
    if (sortBy !== 'name' && sortBy !== 'date') throw badRequest();
    const offset = cursor ? Number(c.offset) : 0;
    const all = this.live().sort((a, b) => (sortBy === 'name' ? a.name.localeCompare(b.name) : b.edited_at.localeCompare(a.edited_at) || b.segment_id - a.segment_id));
    const page = all.slice(offset, offset + limit);
    const body: Record<string, unknown> = { segments: page.map((s) => this.summary(s)) };
    if (offset + limit < all.length) body._links = { next: { href: `${API_PATH}/segments?cursor=${encodeCursor({ offset: offset + limit, limit, sort: sortBy })}` } };
    return { status: 200, body };
  }

  private getSegment(id: number): Reply {
    // Deleted segments stay readable by id, as in the API.
    const s = this.segments.get(id);
    if (!s) throw notFound('The segment was not found.');
    return { status: 200, body: this.detail(s) };
  }

  /** Name and criteria as the API checks them; the criteria error stays generic, as the API's does. */
  private checkBody(body: Record<string, unknown>, selfId?: number): { name: string; segment_criteria: string } {
    const { name, segment_criteria } = body;
    if (typeof name !== 'string' || name.trim() === '' || name.length > LIMITS.maxNameChars) throw badRequest();
    if (typeof segment_criteria !== 'string') throw badRequest();
    try {
      this.evaluator.compile(segment_criteria);
    } catch (e) {
      if (e instanceof CriteriaError) throw Object.assign(badRequest(), { detail: e.message });
      throw e;
    }
    this.checkName(name, selfId);
    return { name, segment_criteria };
  }

  /** Names are unique among the account's live segments (compared without case). */
  private checkName(name: string, selfId?: number): void {
    const taken = this.live().find((s) => s.segment_id !== selfId && s.name.toLowerCase() === name.toLowerCase());
    if (taken) throw apiError(409, 'conflict', `The segment name "${name}" is already in use.`);
  }

  private createSegment(body: Record<string, unknown>): Reply {
    const ok = this.checkBody(body);
    const now = stamp();
    const s: SegmentState = { segment_id: this.nextSegmentId++, ...ok, created_at: now, edited_at: now };
    this.segments.set(s.segment_id, s);
    return { status: 201, body: this.detail(s) };
  }

  private liveSegment(id: number): SegmentState {
    const s = this.segments.get(id);
    if (!s || s.deleted_at) throw notFound('The segment was not found.');
    return s;
  }

  private updateSegment(id: number, body: Record<string, unknown>): Reply {
    const s = this.liveSegment(id);
    const ok = this.checkBody(body, id);
    if (ok.segment_criteria !== s.segment_criteria) s.evaluatedAt = undefined;
    Object.assign(s, ok, { edited_at: stamp() });
    return { status: 200, body: this.detail(s) };
  }

  private renameSegment(id: number, body: Record<string, unknown>): Reply {
    const s = this.liveSegment(id);
    if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > LIMITS.maxNameChars) throw badRequest();
    this.checkName(body.name, id);
    Object.assign(s, { name: body.name, edited_at: stamp() });
    return { status: 200, body: this.detail(s) };
  }

  private deleteSegment(id: number): Reply {
    const s = this.liveSegment(id);
    s.deleted_at = stamp();
    return { status: 204 };
  }

  // ---- contacts ----------------------------------------------------------------------------------

  private renderContact(c: SandboxContact) {
    const out: Record<string, unknown> = {
      contact_id: c.contact_id,
      email_address: { address: c.email_address, permission_to_send: 'implicit' },
      first_name: c.first_name ?? undefined,
      last_name: c.last_name ?? undefined,
      job_title: c.job_title ?? undefined,
      company_name: c.company_name ?? undefined,
      birthday_month: c.birthday_month ?? undefined,
      birthday_day: c.birthday_day ?? undefined,
      anniversary: c.anniversary ?? undefined,
      create_source: c.source ?? 'Account',
      created_at: c.created_at,
      updated_at: c.updated_at,
    };
    if (c.street || c.city || c.state || c.postal_code || c.country) {
      out.street_addresses = [{ kind: 'home', street: c.street ?? undefined, city: c.city ?? undefined, state: c.state ?? undefined, postal_code: c.postal_code ?? undefined, country: c.country ?? undefined }];
    }
    return out;
  }

  private contacts(url: URL): Reply {
    const q = url.searchParams;
    const cursor = q.get('cursor');
    if (cursor) {
      const c = decodeCursor(cursor);
      return c.segment_id === undefined ? this.allContacts(Number(c.offset), Number(c.limit), false) : this.segmentContacts(Number(c.segment_id), Number(c.offset), Number(c.limit));
    }
    const segment = q.get('segment_id');
    if (segment !== null) {
      // With segment_id the endpoint accepts only limit besides.
      for (const key of q.keys()) if (key !== 'segment_id' && key !== 'limit') throw badRequest(`The parameter ${key} cannot be used with segment_id.`);
      return this.segmentContacts(segmentIdParam(segment), 0, intParam(q.get('limit'), 1, 500, 50));
    }
    return this.allContacts(0, intParam(q.get('limit'), 1, 500, 50), q.get('include_count') === 'true');
  }

  private allContacts(offset: number, limit: number, count: boolean): Reply {
    const all = this.data.contacts;
    const body: Record<string, unknown> = { contacts: all.slice(offset, offset + limit).map((c) => this.renderContact(c)) };
    if (count) body.contacts_count = all.length;
    if (offset + limit < all.length) body._links = { next: { href: `${API_PATH}/contacts?cursor=${encodeCursor({ offset: offset + limit, limit })}` } };
    return { status: 200, body };
  }

  private segmentContacts(id: number, offset: number, limit: number): Reply {
    const s = this.liveSegment(id);
    const now = Date.now();
    // A segment's first evaluation takes a while: 202 processing until it is done.
    if (s.evaluatedAt === undefined) s.evaluatedAt = now + this.timings.processingMs;
    if (now < s.evaluatedAt) return { status: 202, body: { status: 'processing' } };
    const all = this.evaluator.select(s.segment_criteria);
    const body: Record<string, unknown> = { contacts: all.slice(offset, offset + limit).map((c) => this.renderContact(c)) };
    if (offset + limit < all.length) body._links = { next: { href: `${API_PATH}/contacts?cursor=${encodeCursor({ segment_id: id, offset: offset + limit, limit })}` } };
    return { status: 200, body };
  }

  // ---- lookups -----------------------------------------------------------------------------------

  private accountSummary(): Reply {
    const { encoded_account_id, organization_name } = this.data.account;
    return { status: 200, body: { encoded_account_id, organization_name, contact_email: 'owner@example.com', country_code: 'US', state_code: 'MA', time_zone_id: 'US/Eastern' } };
  }

  /** A data file may leave out a field's label and type; the API always gives both. */
  private customFields(): Reply {
    const fields = this.data.custom_fields.map((f) => ({ custom_field_id: f.custom_field_id, name: f.name, label: f.label ?? f.name, type: f.type ?? 'string' }));
    return { status: 200, body: { custom_fields: fields } };
  }

  private tags(): Reply {
    const counts = new Map<string, number>();
    for (const c of this.data.contacts) for (const t of c.taggings ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
    return { status: 200, body: { tags: this.data.tags.map((t) => ({ ...t, contacts_count: counts.get(t.tag_id) ?? 0 })) } };
  }

  // ---- contact exports ---------------------------------------------------------------------------

  private createExport(body: Record<string, unknown>): Reply {
    const now = Date.now();
    const inProgress = [...this.exports.values()].filter((e) => e.readyAt > now).length + this.listRoutes.inProgress(now);
    if (inProgress >= this.timings.queuedActivities) {
      // Not `throttled`: the request was understood and refused, so a client must not simply repeat it. The wording is the sandbox's.
      throw new HttpError({ status: 429, body: { error_key: 'too_many_activities', error_message: `Too many activities are in progress (${inProgress}). Wait for some to finish, then try again.` } });
    }
    let contacts: SandboxContact[];
    if (body.segment_id !== undefined) {
      if (typeof body.segment_id !== 'number' || !Number.isInteger(body.segment_id)) throw badRequest();
      contacts = this.evaluator.select(this.liveSegment(body.segment_id).segment_criteria);
    } else if (Array.isArray(body.list_ids)) {
      const ids = new Set(body.list_ids.map(String));
      contacts = this.data.contacts.filter((c) => (c.list_memberships ?? []).some((l) => ids.has(l)));
    } else {
      contacts = this.data.contacts;
    }
    let fields: string[] | undefined;
    if (body.fields !== undefined) {
      if (!Array.isArray(body.fields) || body.fields.some((f) => typeof f !== 'string')) throw badRequest();
      fields = body.fields as string[];
      const unknown = unknownExportFields(fields);
      if (unknown.length || fields.length === 0) throw badRequest(unknown.length ? `Unknown export field(s): ${unknown.join(', ')}.` : 'fields must name at least one field.');
    }
    const e: ExportState = { activity_id: randomUUID(), created_at: stamp(), readyAt: Date.now() + this.timings.exportMs, contacts, ...(fields ? { fields } : {}) };
    this.exports.set(e.activity_id, e);
    return { status: 201, body: this.renderActivity(e, true) };
  }

  /**
   * The activity as the API reports it: `initialized` in the answer to the POST, then `processing` with
   * `status.items_total_count` known and `items_completed_count` growing, then `completed` with the link
   * to the file.
   */
  private renderActivity(e: ExportState, justCreated = false) {
    const now = Date.now();
    const done = now >= e.readyAt;
    const links: Record<string, { href: string }> = { self: { href: `${API_PATH}/activities/${e.activity_id}` } };
    if (done) links.results = { href: `${API_PATH}/contact_exports/${e.activity_id}` };
    const base = { activity_id: e.activity_id, created_at: e.created_at };
    if (justCreated && !done) return { ...base, state: 'initialized', percent_done: 0, _links: links };
    const total = e.contacts.length;
    const span = Math.max(1, this.timings.exportMs);
    const share = done ? 1 : Math.min(1, Math.max(0, 1 - (e.readyAt - now) / span));
    const completed = Math.floor(total * share);
    return {
      ...base,
      state: done ? 'completed' : 'processing',
      percent_done: Math.floor(share * 100),
      status: { items_total_count: total, items_completed_count: completed },
      _links: links,
    };
  }

  private activity(id: string): Reply {
    const e = this.exports.get(id);
    if (!e) {
      const membership = this.listRoutes.activity(id);
      if (!membership) throw notFound('The activity was not found.');
      return membership;
    }
    return { status: 200, body: this.renderActivity(e) };
  }

  private download(id: string): Reply {
    const e = this.exports.get(id);
    if (!e || Date.now() < e.readyAt) throw notFound('The export file was not found.');
    return { status: 200, contentType: 'text/csv; charset=utf-8', text: exportCsv(e.contacts, e.fields) };
  }
}

function segmentIdParam(s: string): number {
  if (!/^[0-9]+$/.test(s)) throw badRequest();
  return Number(s);
}
