/**
 * Contact lists and the add-list-memberships activity, as the API answers them: `GET /contact_lists`
 * (filtered by exact `name`, membership counts only when asked with `include_membership_count`),
 * `POST /contact_lists` (409 for a name another list has), `GET /contact_lists/{list_id}` and
 * `POST /activities/add_list_memberships`, an activity polled with `GET /activities/{id}` beside the export
 * activities. A contact is on at most 50 lists: the activity skips a contact that would go over, and counts it
 * in `cannot_add_to_list_count`.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContact, SandboxData, SandboxList, SandboxSegment } from './data.js';
import type { Evaluator } from './evaluator.js';
import { apiError, badRequest, decodeCursor, encodeCursor, HttpError, intParam, notFound, type Reply } from './http.js';

/** The API's limit on the lists one contact can be on. */
export const MAX_LISTS_PER_CONTACT = 50;
/** The API's limit on the lists one activity adds to (also the spec's `maxItems`). */
export const MAX_LISTS_PER_ACTIVITY = 50;

export interface ListRoutesDeps {
  apiPath: string;
  evaluator: Evaluator;
  /** The segment when it exists and is not deleted. */
  liveSegment(id: number): SandboxSegment | undefined;
  /** How long an activity stays processing (ms). */
  activityMs(): number;
  /** Activities of other kinds in progress: all of them count against the queue's limit. */
  othersInProgress(now: number): number;
  queuedActivities(): number;
}

interface MembershipActivity {
  activity_id: string;
  created_at: string;
  readyAt: number;
  listIds: string[];
  /** The source's contacts when the activity was started. */
  contactIds: string[];
  /** Where they came from: a segment that must still exist when the activity runs. */
  segmentId?: number;
  /** Set once the activity has run. */
  result?: { state: 'completed'; completed: number; cannotAdd: number; completedAt: string } | { state: 'failed'; errors: string[]; completedAt: string };
}

const stamp = (ms = Date.now()) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

export class ListRoutes {
  private readonly activities = new Map<string, MembershipActivity>();

  constructor(
    private readonly data: SandboxData,
    private readonly deps: ListRoutesDeps,
  ) {}

  /** The answer for a list request, or undefined when the request is not one of these routes. */
  handle(m: string, path: string, url: URL, body: Record<string, unknown> | undefined): Reply | undefined {
    let g: RegExpMatchArray | null;
    if (path === '/contact_lists' && m === 'GET') return this.lists(url);
    if (path === '/contact_lists' && m === 'POST') return this.createList(body ?? {});
    if ((g = path.match(/^\/contact_lists\/([^/]+)$/)) && m === 'GET') return this.list(decodeURIComponent(g[1]!), url);
    if (path === '/activities/add_list_memberships' && m === 'POST') return this.addMemberships(body ?? {});
    return undefined;
  }

  /** `GET /activities/{id}` for a list membership activity (settled first by the caller); undefined when the id is not one. */
  activity(id: string): Reply | undefined {
    const a = this.activities.get(id);
    if (!a) return undefined;
    return { status: 200, body: this.render(a, true) };
  }

  inProgress(now = Date.now()): number {
    return [...this.activities.values()].filter((a) => !a.result && a.readyAt > now).length;
  }

  /** Runs every activity whose time has come, so whatever is read next sees its memberships. */
  settle(now = Date.now()): void {
    for (const a of this.activities.values()) if (!a.result && a.readyAt <= now) this.run(a, now);
  }

  // ---- lists -------------------------------------------------------------------------------------

  private counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of this.data.contacts) for (const l of c.list_memberships ?? []) counts.set(l, (counts.get(l) ?? 0) + 1);
    return counts;
  }

  private renderList(l: SandboxList, counts?: Map<string, number>) {
    const created = l.created_at ?? stamp(this.data.now ? Date.parse(this.data.now) : Date.now());
    return {
      list_id: l.list_id,
      name: l.name,
      favorite: l.favorite ?? false,
      created_at: created,
      updated_at: l.updated_at ?? created,
      ...(counts ? { membership_count: counts.get(l.list_id) ?? 0 } : {}),
    };
  }

  private lists(url: URL): Reply {
    const q = url.searchParams;
    const cursor = q.get('cursor');
    const c = cursor ? decodeCursor(cursor) : {};
    const get = (key: string) => (cursor ? (typeof c[key] === 'string' ? (c[key] as string) : null) : q.get(key));
    const limit = cursor ? Number(c.limit) : intParam(q.get('limit'), 1, 1000, 50);
    const offset = cursor ? Number(c.offset) : 0;
    const name = get('name');
    const status = get('status');
    const withCounts = get('include_membership_count');
    const withTotal = get('include_count') === 'true';
    // The sandbox's lists are all active: no deleted ones to show.
    let all = status === 'deleted' ? [] : this.data.lists;
    if (name !== null) all = all.filter((l) => l.name === name);
    const counts = withCounts ? this.counts() : undefined;
    const body: Record<string, unknown> = { lists: all.slice(offset, offset + limit).map((l) => this.renderList(l, counts)) };
    if (withTotal) body.lists_count = all.length;
    if (offset + limit < all.length) {
      const carry: Record<string, unknown> = { offset: offset + limit, limit };
      for (const [k, v] of [['name', name], ['status', status], ['include_membership_count', withCounts], ['include_count', withTotal ? 'true' : null]] as const) if (v !== null) carry[k] = v;
      body._links = { next: { href: `${this.deps.apiPath}/contact_lists?cursor=${encodeCursor(carry)}` } };
    }
    return { status: 200, body };
  }

  private list(id: string, url: URL): Reply {
    const l = this.data.lists.find((x) => x.list_id === id);
    if (!l) throw notFound('The contact list was not found.');
    return { status: 200, body: this.renderList(l, url.searchParams.get('include_membership_count') ? this.counts() : undefined) };
  }

  /** Names are unique among the account's lists; the sandbox compares them without case, as it does segment names. */
  private createList(body: Record<string, unknown>): Reply {
    const { name, favorite } = body;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 255) throw badRequest();
    const taken = this.data.lists.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (taken) throw apiError(409, 'conflict', `The list name "${name}" is already in use.`);
    const now = stamp();
    const l: SandboxList = { list_id: randomUUID(), name, favorite: favorite === true, created_at: now, updated_at: now };
    this.data.lists.push(l);
    return { status: 201, body: this.renderList(l) };
  }

  // ---- add list memberships ----------------------------------------------------------------------

  private addMemberships(body: Record<string, unknown>): Reply {
    const now = Date.now();
    const inProgress = this.inProgress(now) + this.deps.othersInProgress(now);
    if (inProgress >= this.deps.queuedActivities()) {
      // As the export endpoint answers it: a single object, and not `throttled`, so a client does not simply repeat it.
      throw new HttpError({ status: 429, body: { error_key: 'too_many_activities', error_message: `Too many activities are in progress (${inProgress}). Wait for some to finish, then try again.` } });
    }
    // The contract has already held the body to the spec: list_ids and source are there, at most 50 lists.
    const listIds = [...new Set((body.list_ids as string[]) ?? [])];
    if (listIds.length === 0) throw badRequest('Give at least one list id in list_ids.');
    if (listIds.length > MAX_LISTS_PER_ACTIVITY) throw badRequest(`An activity adds contacts to at most ${MAX_LISTS_PER_ACTIVITY} lists.`);
    const unknown = listIds.filter((id) => !this.data.lists.some((l) => l.list_id === id));
    if (unknown.length) throw badRequest(`The contact list ${unknown.join(', ')} was not found.`);
    const source = (body.source ?? {}) as Record<string, unknown>;
    const excluded = new Set(((body.exclude as { contact_ids?: string[] } | undefined)?.contact_ids ?? []).map(String));
    const { contacts, segmentId } = this.sourceContacts(source);
    const a: MembershipActivity = {
      activity_id: randomUUID(),
      created_at: stamp(now),
      readyAt: now + this.deps.activityMs(),
      listIds,
      contactIds: contacts.map((c) => c.contact_id).filter((id) => !excluded.has(id)),
      ...(segmentId !== undefined ? { segmentId } : {}),
    };
    this.activities.set(a.activity_id, a);
    return { status: 201, body: this.render(a, false) };
  }

  /** The contacts a source names; exactly one kind of source. Engagement levels are not modeled here. */
  private sourceContacts(source: Record<string, unknown>): { contacts: SandboxContact[]; segmentId?: number } {
    const given = Object.keys(source).filter((k) => source[k] !== undefined && source[k] !== false);
    if (given.length !== 1) throw badRequest('Give exactly one source: segment_id, list_ids, contact_ids, tag_ids or all_active_contacts.');
    const kind = given[0]!;
    const all = this.data.contacts;
    switch (kind) {
      case 'segment_id': {
        const id = source.segment_id as number;
        const s = this.deps.liveSegment(id);
        if (!s) throw badRequest(`The segment ${id} was not found.`);
        return { contacts: this.deps.evaluator.select(s.segment_criteria), segmentId: id };
      }
      case 'list_ids': {
        const ids = new Set(source.list_ids as string[]);
        const unknown = [...ids].filter((id) => !this.data.lists.some((l) => l.list_id === id));
        if (unknown.length) throw badRequest(`The source list ${unknown.join(', ')} was not found.`);
        return { contacts: all.filter((c) => (c.list_memberships ?? []).some((l) => ids.has(l))) };
      }
      case 'contact_ids': {
        const ids = new Set(source.contact_ids as string[]);
        return { contacts: all.filter((c) => ids.has(c.contact_id)) };
      }
      case 'tag_ids':
        // The spec allows no tag ids (maxItems 0): an empty array selects no one.
        return { contacts: [] };
      case 'all_active_contacts':
        return { contacts: all };
      default:
        throw badRequest(`The sandbox does not model the source "${kind}"; use segment_id, list_ids, contact_ids or all_active_contacts.`);
    }
  }

  /** Adds the contacts to the lists; a contact already on 50 lists is skipped for each list it is not on yet. */
  private run(a: MembershipActivity, now: number): void {
    const completedAt = stamp(now);
    if (a.segmentId !== undefined && !this.deps.liveSegment(a.segmentId)) {
      a.result = { state: 'failed', errors: [`The segment ${a.segmentId} was deleted before its contacts were added to the lists.`], completedAt };
      return;
    }
    const byId = new Map(this.data.contacts.map((c) => [c.contact_id, c]));
    let completed = 0;
    let cannotAdd = 0;
    for (const id of a.contactIds) {
      const c = byId.get(id);
      if (!c) continue;
      const lists = c.list_memberships ?? [];
      let skipped = false;
      for (const listId of a.listIds) {
        if (lists.includes(listId)) continue;
        if (lists.length >= MAX_LISTS_PER_CONTACT) {
          skipped = true;
          continue;
        }
        lists.push(listId);
        this.deps.evaluator.joinList(id, listId);
      }
      c.list_memberships = lists;
      if (skipped) cannotAdd++;
      else completed++;
    }
    a.result = { state: 'completed', completed, cannotAdd, completedAt };
  }

  /** The POST answer (ActivityListsMembership) or the GET one (Activity, whose status has more counts). */
  private render(a: MembershipActivity, polled: boolean) {
    const r = a.result;
    const total = a.contactIds.length;
    const status: Record<string, number> = { items_total_count: total, items_completed_count: r?.state === 'completed' ? r.completed : 0, list_count: a.listIds.length };
    if (polled && r?.state === 'completed') status.cannot_add_to_list_count = r.cannotAdd;
    const body: Record<string, unknown> = {
      activity_id: a.activity_id,
      state: r ? r.state : polled ? 'processing' : 'initialized',
      created_at: a.created_at,
      updated_at: r?.completedAt ?? a.created_at,
      percent_done: r ? 100 : 0,
      status,
      _links: { self: { href: `${this.deps.apiPath}/activities/${a.activity_id}` } },
    };
    if (r) body.completed_at = r.completedAt;
    if (r?.state === 'failed') body.activity_errors = r.errors;
    return body;
  }
}
