/**
 * Freezing an audience: the contacts a segment selects now, added to a contact list that keeps them
 * whatever the segment selects later. The list is named by id or by exact name (created when no list has
 * the name); the API's add-list-memberships activity does the adding, and the list's membership count is
 * read once it is done. Outcomes carry a reason and its data; each front end words them.
 */
import type { CallOptions, CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import type { Activity, ContactList } from '../../api/src/types.js';
import { segmentPresence } from './remoteSegment.js';

/** The API's limit on a list's name (the spec's ListInput). */
export const LIST_NAME_MAX = 255;

/** How the list was named: a list id (a UUID) or a list's name. */
export type ListTarget = { by: 'id'; listId: string } | { by: 'name'; name: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID is a list id (list ids are UUIDs); anything else is a list's name, taken exactly as given. */
export function listTarget(text: string): ListTarget {
  return UUID.test(text.trim()) ? { by: 'id', listId: text.trim().toLowerCase() } : { by: 'name', name: text };
}

export interface FrozenList {
  listId: string;
  name: string;
}

export interface FreezeOptions extends CallOptions {
  /** Create the list when no list has the name (default true); false refuses with `list-missing` instead. */
  create?: boolean;
  /** Called once the list is known, before the activity starts: a list created here exists from now on. */
  onList?: (info: { list: FrozenList; created: boolean }) => void;
  /** Called once the activity has started (e.g. to show progress). */
  onStarted?: (info: { list: FrozenList; created: boolean; activityId: string }) => void;
}

/** Why nothing was frozen, or why freezing did not finish, with what the wording needs. */
export type FreezeRefusal =
  /** No segment has the id. */
  | { reason: 'segment-not-found'; segmentId: number }
  /** The segment was deleted (the API still answers for it by id). */
  | { reason: 'segment-deleted'; segmentId: number; segmentName: string }
  /** A list id that names no list. */
  | { reason: 'list-not-found'; listId: string }
  /** A name the API cannot take for a list: empty, or over LIST_NAME_MAX characters. */
  | { reason: 'list-name-invalid'; name: string; maxLength: number }
  /** No list has the name, and `create: false`. */
  | { reason: 'list-missing'; name: string }
  /** Creating the list was refused with 409: another list has the name (e.g. in other letter case). */
  | { reason: 'list-name-taken'; name: string; holder?: FrozenList }
  /** The activity ended without completing; `errors` are the API's `activity_errors`. */
  | { reason: 'activity-failed'; activityId: string; state: string; errors: string[]; segmentId: number; list: FrozenList; created: boolean }
  /** The activity was still running when waiting gave up: it may still finish. */
  | { reason: 'activity-unfinished'; activityId: string; segmentId: number; list: FrozenList; created: boolean };

export interface Frozen {
  kind: 'frozen';
  segment: { segmentId: number; name: string };
  list: FrozenList;
  /** The list was created for this. */
  created: boolean;
  activityId: string;
  /** The activity's counts: contacts it had to add, added, and not added (a contact is on at most 50 lists). */
  contacts: { total?: number; added?: number; notAdded: number };
  /** How many contacts the list holds now (undefined when the API did not say). */
  membershipCount: number | undefined;
}

export type FreezeOutcome = Frozen | ({ kind: 'refused' } & FreezeRefusal);

/**
 * Adds the current contacts of segment `segmentId` to the list `list` (a list id, or a list's exact name:
 * see listTarget), creating the list by name when none has it. Checks the segment before creating anything.
 * API errors other than the refusals above (network, 401, 403, 429) are thrown as ApiError.
 */
export async function freeze(client: CtctClient, segmentId: number, list: string | ListTarget, opts: FreezeOptions = {}): Promise<FreezeOutcome> {
  const call = { signal: opts.signal };
  const target = typeof list === 'string' ? listTarget(list) : list;
  if (target.by === 'name' && (target.name.trim() === '' || target.name.length > LIST_NAME_MAX)) {
    return { kind: 'refused', reason: 'list-name-invalid', name: target.name, maxLength: LIST_NAME_MAX };
  }

  const segment = await liveSegment(client, segmentId, call);
  if ('reason' in segment) return { kind: 'refused', ...segment };

  const resolved = await resolveList(client, target, opts.create ?? true, call);
  if ('reason' in resolved) return { kind: 'refused', ...resolved };
  const { list: frozenList, created } = resolved;
  opts.onList?.({ list: frozenList, created });

  const started = await client.addSegmentToLists(segmentId, [frozenList.listId], call);
  opts.onStarted?.({ list: frozenList, created, activityId: started.activity_id });
  let done: Activity;
  try {
    done = await client.waitForActivity(started, { ...call, returnEnded: true });
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'processing-timeout') {
      return { kind: 'refused', reason: 'activity-unfinished', activityId: started.activity_id, segmentId, list: frozenList, created };
    }
    throw e;
  }
  if (done.state !== 'completed') {
    return { kind: 'refused', reason: 'activity-failed', activityId: done.activity_id, state: done.state, errors: done.activity_errors ?? [], segmentId, list: frozenList, created };
  }
  const now = await client.getList(frozenList.listId, call);
  const s = done.status ?? {};
  return {
    kind: 'frozen',
    segment: { segmentId, name: segment.name },
    list: { listId: now.list_id, name: now.name },
    created,
    activityId: done.activity_id,
    contacts: {
      ...(typeof s.items_total_count === 'number' ? { total: s.items_total_count } : {}),
      ...(typeof s.items_completed_count === 'number' ? { added: s.items_completed_count } : {}),
      notAdded: typeof s.cannot_add_to_list_count === 'number' ? s.cannot_add_to_list_count : 0,
    },
    membershipCount: typeof now.membership_count === 'number' ? now.membership_count : undefined,
  };
}

/** The segment when it is live (see segmentPresence), or why not. */
async function liveSegment(client: CtctClient, segmentId: number, call: CallOptions): Promise<{ name: string } | FreezeRefusal> {
  const p = await segmentPresence(client, segmentId, call);
  if (p.kind === 'live') return { name: p.segment.name };
  return p.reason === 'deleted' ? { reason: 'segment-deleted', segmentId, segmentName: p.remoteName } : { reason: 'segment-not-found', segmentId };
}

/**
 * The list a target names: by id (404: not found), or the list with exactly that name, created when there
 * is none and `create` allows it. A 409 on create means another list holds the name after all (created
 * meanwhile, or the same name in other letter case): an exact match is used, anything else refused.
 */
export async function resolveList(
  client: CtctClient,
  target: ListTarget,
  create: boolean,
  call: CallOptions = {},
): Promise<{ list: FrozenList; created: boolean } | Extract<FreezeRefusal, { reason: 'list-not-found' | 'list-missing' | 'list-name-taken' }>> {
  if (target.by === 'id') {
    try {
      const l = await client.getList(target.listId, call);
      return { list: { listId: l.list_id, name: l.name }, created: false };
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'not-found') return { reason: 'list-not-found', listId: target.listId };
      throw e;
    }
  }
  const exact = (lists: ContactList[]) => lists.find((l) => l.name === target.name);
  const existing = exact(await client.contactLists(call));
  if (existing) return { list: { listId: existing.list_id, name: existing.name }, created: false };
  if (!create) return { reason: 'list-missing', name: target.name };
  try {
    const made = await client.createList(target.name, call);
    return { list: { listId: made.list_id, name: made.name }, created: true };
  } catch (e) {
    if (!(e instanceof ApiError && e.kind === 'conflict')) throw e;
    const now = await client.contactLists(call);
    const found = exact(now);
    if (found) return { list: { listId: found.list_id, name: found.name }, created: false };
    const holder = now.find((l) => l.name.toLowerCase() === target.name.toLowerCase());
    return { reason: 'list-name-taken', name: target.name, ...(holder ? { holder: { listId: holder.list_id, name: holder.name } } : {}) };
  }
}
