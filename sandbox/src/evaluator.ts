/**
 * The criteria evaluator: what a segment selects, as segment-language.md ("What criteria select") and the
 * segments guide describe it. Sources, fields, operators and operand forms come from the language's
 * vocabulary, never re-listed here. Criteria the API would refuse throw a CriteriaError (the routes turn
 * it into the API's generic 400).
 */
import {
  LIMITS,
  formOf,
  isGroupShaped,
  fieldSpec,
  sourceSpec,
  type OpId,
  type OperandForm,
  type SourceId,
} from '../../server/src/language/vocabulary.js';
import { isUncheckedSource } from '../../server/src/language/nearMiss.js';
import type { SandboxContact, SandboxData } from './data.js';

export class CriteriaError extends Error {}

const DAY = 86_400_000;

/** Everything a predicate needs about one contact, computed once per evaluation. */
export interface ContactFacts {
  contact: SandboxContact;
  lists: Set<string>;
  tags: Set<string>;
  /** campaign_activity_id -> what happened; present means the contact was sent it. */
  sends: Map<string, { opened: boolean; clicked: boolean }>;
}

export interface EvalContext {
  now: number;
  /** Sent campaign activities, newest first. */
  sentActivities: { id: string; sentAt: number }[];
  customFieldNames: Set<string>;
}

type Predicate = (c: ContactFacts) => boolean;

/** Parses a `segment_criteria` string as the API receives it. */
export function parseCriteria(text: string): unknown {
  if (typeof text !== 'string') throw new CriteriaError('segment_criteria must be a string');
  if (text.length > LIMITS.maxCriteriaChars) throw new CriteriaError(`segment_criteria is longer than ${LIMITS.maxCriteriaChars} characters`);
  try {
    return JSON.parse(text);
  } catch {
    throw new CriteriaError('segment_criteria is not JSON');
  }
}

/** Compiles criteria (the parsed `{version, criteria}`) into a predicate; throws CriteriaError. */
export function compileCriteria(segmentCriteria: unknown, ctx: EvalContext): Predicate {
  if (!isObject(segmentCriteria)) throw new CriteriaError('segment_criteria must be an object');
  const top = segmentCriteria.criteria;
  if (!isObject(top) || top.type !== 'and') throw new CriteriaError('the criteria must begin with an "and" group');
  const predicate = compileGroup(top, ctx, 0);
  // Criteria of sources the product does not know (the web UI's ecommerce ones) are stored, as Constant
  // Contact stores them, but cannot be evaluated here: the sandbox selects nobody rather than guess.
  return hasUnchecked(top) ? () => false : predicate;
}

function hasUnchecked(group: Record<string, unknown>): boolean {
  const members = Array.isArray(group.group) ? group.group : [];
  return members.some((m) => isObject(m) && (isGroup(m) ? hasUnchecked(m) : isUncheckedSource(m.source)));
}

function compileGroup(group: Record<string, unknown>, ctx: EvalContext, depth: number): Predicate {
  if (depth > LIMITS.maxNesting) throw new CriteriaError('nesting too deep');
  if (group.type !== 'and' && group.type !== 'or') throw new CriteriaError('a group type is "and" or "or"');
  const members = group.group;
  if (!Array.isArray(members) || members.length === 0) throw new CriteriaError('a group must hold at least one member');
  const isOr = group.type === 'or';
  const onceSources = new Map<SourceId, number>();
  const orSources = new Set<string>();
  const preds = members.map((m) => {
    if (!isObject(m)) throw new CriteriaError('a group member must be an object');
    if (isGroup(m)) {
      if (isOr && m.type === 'and') throw new CriteriaError('"and" inside "or" is not supported');
      if (!isOr && m.type === 'or') for (const s of sourcesOf(m)) countOnce(onceSources, s);
      if (isOr) for (const s of sourcesOf(m)) orSources.add(s);
      return compileGroup(m, ctx, depth + 1);
    }
    if (isUncheckedSource(m.source)) return () => false;
    const source = m.source as SourceId;
    if (isOr) orSources.add(String(m.source));
    else countOnce(onceSources, source);
    return compileCriterion(m, ctx);
  });
  if (isOr && orSources.size > 1) throw new CriteriaError('an "or" group must hold criteria of one source');
  return isOr ? (c) => preds.some((p) => p(c)) : (c) => preds.every((p) => p(c));
}

function sourcesOf(group: Record<string, unknown>): string[] {
  const members = Array.isArray(group.group) ? group.group : [];
  return [...new Set(members.flatMap((m) => (isObject(m) ? (isGroup(m) ? sourcesOf(m) : [String(m.source)]) : [])))];
}

/** list_membership and tags join only with "or": at most once under an "and". */
function countOnce(seen: Map<SourceId, number>, source: string): void {
  const spec = sourceSpec(source);
  if (!spec?.onlyOnceUnderAnd) return;
  const n = (seen.get(spec.id) ?? 0) + 1;
  seen.set(spec.id, n);
  if (n > 1) throw new CriteriaError(`"${spec.id} and ${spec.id}" is not supported`);
}

function compileCriterion(c: Record<string, unknown>, ctx: EvalContext): Predicate {
  const source = sourceSpec(c.source);
  if (!source) throw new CriteriaError(`unknown source ${JSON.stringify(c.source)}`);
  const field = fieldSpec(source, c.field);
  if (!field) throw new CriteriaError(`unknown field ${JSON.stringify(c.field)} for source ${source.id}`);
  const op = c.op as OpId;
  const form = formOf(field.kind, op, c.const_value);
  if (!form) throw new CriteriaError(`${source.id}.${field.name} does not take op ${JSON.stringify(c.op)} with const_value ${JSON.stringify(c.const_value)}`);
  if (form.value && (typeof c.value !== 'string' || c.value === '')) throw new CriteriaError(`${field.name} needs a value`);
  switch (field.kind) {
    case 'contact-text': {
      if (!source.fields.some((f) => f.name === field.name) && !ctx.customFieldNames.has(field.name)) {
        throw new CriteriaError(`no custom field named ${field.name}`);
      }
      return contactText(field.name, op, form, c);
    }
    case 'contact-date':
      return contactDate(field.name, form, c, ctx);
    case 'list':
      return form.constValue === 'none' ? (f) => f.lists.size === 0 : (f) => f.lists.has(String(c.value));
    case 'tag':
      if (form.constValue === 'none') return (f) => f.tags.size === 0;
      return op === 'eq' ? (f) => f.tags.has(String(c.value)) : (f) => !f.tags.has(String(c.value));
    case 'tracking-activity':
      return tracking(field.name, op, form, c, ctx);
  }
}

// ---- contact fields ------------------------------------------------------------------------------

const CONTACT = sourceSpec('contact')!;

/** A contact's value for a criteria field: a standard field's property (named by the vocabulary) or a custom field. */
export function contactValue(contact: SandboxContact, field: string): string | null {
  const spec = CONTACT.fields.find((f) => f.name === field);
  const v = spec ? (contact as unknown as Record<string, unknown>)[spec.contactProperty ?? spec.name] : contact.custom_fields?.[field];
  return v === undefined || v === null ? null : String(v);
}

/** The guide: blank is null, an empty string or whitespace only. */
export function isBlank(v: string | null): boolean {
  return v === null || v.trim() === '';
}

function contactText(field: string, op: OpId, form: OperandForm, c: Record<string, unknown>): Predicate {
  if (form.constValue === 'blank') {
    return op === 'eq' ? (f) => isBlank(contactValue(f.contact, field)) : (f) => !isBlank(contactValue(f.contact, field));
  }
  // eq, ne, starts-with and contains-string are case-insensitive; ne also holds for null values.
  const want = String(c.value).toLowerCase();
  const get = (f: ContactFacts) => contactValue(f.contact, field)?.toLowerCase() ?? null;
  switch (op) {
    case 'eq':
      return (f) => get(f) === want;
    case 'ne':
      return (f) => get(f) !== want;
    case 'starts-with':
      return (f) => get(f)?.startsWith(want) ?? false;
    case 'contains-string':
      return (f) => get(f)?.includes(want) ?? false;
    default:
      throw new CriteriaError(`op ${op} does not apply to ${field}`);
  }
}

function contactDate(field: string, form: OperandForm, c: Record<string, unknown>, ctx: EvalContext): Predicate {
  const [start, end] = window(form.dateParam === 'range' ? 'in-range' : 'last-n-days', c.date_param, ctx.now);
  return (f) => {
    const v = contactValue(f.contact, field);
    const t = v === null ? NaN : Date.parse(v);
    return t >= start && t <= end;
  };
}

// ---- tracking ------------------------------------------------------------------------------------

/** Per campaign: did the activity named by the field happen for this contact? */
function happened(field: string, f: ContactFacts, activity: string): boolean {
  const s = f.sends.get(activity);
  switch (field) {
    case 'sent':
      return s !== undefined;
    case 'not_sent':
      return s === undefined;
    case 'opened':
      return s?.opened ?? false;
    case 'clicked':
      return s?.clicked ?? false;
    // "did not open/click" means: was sent it, and did not.
    case 'not_opened':
      return s !== undefined && !s.opened;
    case 'not_clicked':
      return s !== undefined && !s.clicked;
    default:
      return false;
  }
}

function tracking(field: string, op: OpId, form: OperandForm, c: Record<string, unknown>, ctx: EvalContext): Predicate {
  if (form.value) {
    const id = String(c.value);
    return op === 'eq' ? (f) => happened(field, f, id) : (f) => !happened(field, f, id);
  }
  const [start, end] =
    c.const_date_value === undefined ? [ctx.now - LIMITS.defaultWindowDays * DAY, ctx.now] : window(c.const_date_value, c.date_param, ctx.now);
  let set = ctx.sentActivities.filter((a) => a.sentAt >= start && a.sentAt <= end).map((a) => a.id);
  if (form.constValue === 'last-n-campaigns') {
    const n = wholeNumber(c.param, 'param');
    if (n < 1 || n > LIMITS.maxCampaigns) throw new CriteriaError(`param must be 1 to ${LIMITS.maxCampaigns}`);
    set = set.slice(0, n);
  }
  // An empty set of campaigns selects nobody (rather than everybody, as a vacuous "all" would).
  if (set.length === 0) return () => false;
  return op === 'contains-all' ? (f) => set.every((a) => happened(field, f, a)) : (f) => set.some((a) => happened(field, f, a));
}

/** `[start, end]` in ms for an `in-range` or `last-n-days` window; over 1825 days is refused as the API does. */
function window(kind: unknown, param: unknown, now: number): [number, number] {
  if (kind === 'in-range') {
    if (!Array.isArray(param) || param.length !== 2) throw new CriteriaError('in-range needs date_param [start, end]');
    const [s, e] = param.map((d) => (typeof d === 'string' ? Date.parse(d) : NaN)) as [number, number];
    if (Number.isNaN(s) || Number.isNaN(e)) throw new CriteriaError('in-range dates must be dates');
    if (s > e) throw new CriteriaError('in-range start must be before end');
    if (e - s > LIMITS.maxDays * DAY) throw new CriteriaError(`a date range spans at most ${LIMITS.maxDays} days`);
    return [s, e];
  }
  if (kind === 'last-n-days') {
    const n = wholeNumber(param, 'date_param');
    if (n < 1 || n > LIMITS.maxDays) throw new CriteriaError(`last-n-days is 1 to ${LIMITS.maxDays}`);
    return [now - n * DAY, now];
  }
  throw new CriteriaError(`unknown date window ${JSON.stringify(kind)}`);
}

function wholeNumber(v: unknown, what: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new CriteriaError(`${what} must be a whole number`);
  return n;
}

function isGroup(m: Record<string, unknown>): boolean {
  return isGroupShaped((key) => key in m);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---- the whole account ---------------------------------------------------------------------------

/** Evaluates criteria over an account's data; built once per data set, reused for every segment. */
export class Evaluator {
  readonly ctx: EvalContext;
  private readonly facts: ContactFacts[];

  constructor(readonly data: SandboxData) {
    const sent = data.campaigns
      .flatMap((c) => c.activities)
      .filter((a) => a.sent_at)
      .map((a) => ({ id: a.campaign_activity_id, sentAt: Date.parse(a.sent_at!) }))
      .sort((a, b) => b.sentAt - a.sentAt);
    this.ctx = {
      now: data.now ? Date.parse(data.now) : Date.now(),
      sentActivities: sent,
      customFieldNames: new Set(data.custom_fields.map((f) => f.name)),
    };
    const byContact = new Map<string, ContactFacts>();
    this.facts = data.contacts.map((contact) => {
      const f: ContactFacts = { contact, lists: new Set(contact.list_memberships ?? []), tags: new Set(contact.taggings ?? []), sends: new Map() };
      byContact.set(contact.contact_id, f);
      return f;
    });
    for (const s of data.sends) {
      byContact.get(s.contact_id)?.sends.set(s.campaign_activity_id, { opened: !!s.opened_at || !!s.clicked_at, clicked: !!s.clicked_at });
    }
  }

  /** Throws CriteriaError when the API would refuse the criteria. */
  compile(segmentCriteria: string): Predicate {
    return compileCriteria(parseCriteria(segmentCriteria), this.ctx);
  }

  /** The contacts a segment selects, in the account's order. */
  select(segmentCriteria: string): SandboxContact[] {
    const p = this.compile(segmentCriteria);
    return this.facts.filter(p).map((f) => f.contact);
  }
}
