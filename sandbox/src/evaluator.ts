/**
 * The criteria evaluator: what a segment selects. What each criterion selects is stated once, as a
 * structure, by the language's vocabulary (`meaningOf`: per campaign test, quantifier, set; text
 * comparison; membership); this module interprets that structure over the account's data, as the
 * plain-English reading words it. Criteria the API would refuse throw a CriteriaError (the routes turn it
 * into the API's generic 400).
 */
import {
  LIMITS,
  formOf,
  isGroupShaped,
  fieldSpec,
  isKnownField,
  meaningOf,
  sourceSpec,
  type CampaignTest,
  type Meaning,
  type OpId,
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
  const meaning = form && meaningOf(field, op, form);
  if (!form || !meaning) throw new CriteriaError(`${source.id}.${field.name} does not take op ${JSON.stringify(c.op)} with const_value ${JSON.stringify(c.const_value)}`);
  if (form.value && (typeof c.value !== 'string' || c.value === '')) throw new CriteriaError(`${field.name} needs a value`);
  if (field.kind === 'contact-text' && !isKnownField(source, field.name) && !ctx.customFieldNames.has(field.name)) {
    throw new CriteriaError(`no custom field named ${field.name}`);
  }
  // The vocabulary says what the criterion selects; this only interprets it.
  switch (meaning.kind) {
    case 'text':
      return contactText(field.name, meaning, c);
    case 'date-in-window':
      return contactDate(field.name, meaning, c, ctx);
    case 'membership':
      return membership(meaning, c);
    case 'campaigns':
      return campaigns(meaning, c, ctx);
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

function contactText(field: string, m: Extract<Meaning, { kind: 'text' }>, c: Record<string, unknown>): Predicate {
  // Case-insensitive; a null value never equals, starts with or contains the text.
  const want = String(c.value).toLowerCase();
  const get = (f: ContactFacts) => contactValue(f.contact, field)?.toLowerCase() ?? null;
  const holds: Predicate = {
    blank: (f: ContactFacts) => isBlank(contactValue(f.contact, field)),
    equals: (f: ContactFacts) => get(f) === want,
    'starts-with': (f: ContactFacts) => get(f)?.startsWith(want) ?? false,
    contains: (f: ContactFacts) => get(f)?.includes(want) ?? false,
  }[m.compare];
  return m.negated ? (f) => !holds(f) : holds;
}

function contactDate(field: string, m: Extract<Meaning, { kind: 'date-in-window' }>, c: Record<string, unknown>, ctx: EvalContext): Predicate {
  const [start, end] = window(m.window, c.date_param, ctx.now);
  return (f) => {
    const v = contactValue(f.contact, field);
    const t = v === null ? NaN : Date.parse(v);
    return t >= start && t <= end;
  };
}

// ---- lists and tags ------------------------------------------------------------------------------

function membership(m: Extract<Meaning, { kind: 'membership' }>, c: Record<string, unknown>): Predicate {
  const of = (f: ContactFacts) => (m.of === 'list' ? f.lists : f.tags);
  // `one`: the list or tag in `value`; `every`: any of the contact's at all.
  const member: Predicate = m.set === 'one' ? (f) => of(f).has(String(c.value)) : (f) => of(f).size > 0;
  return m.quantifier === 'any' ? member : (f) => !member(f);
}

// ---- tracking ------------------------------------------------------------------------------------

/** Whether a contact passes the field's test for one campaign activity. */
function passes(test: CampaignTest, f: ContactFacts, activity: string): boolean {
  const s = f.sends.get(activity);
  if ((s !== undefined) !== test.sent) return false;
  if (!test.engaged || s === undefined) return true;
  return (test.engaged.act === 'open' ? s.opened : s.clicked) === test.engaged.did;
}

/** The campaign activity ids a tracking criterion ranges over. */
function campaignSet(m: Extract<Meaning, { kind: 'campaigns' }>, c: Record<string, unknown>, ctx: EvalContext): string[] {
  if (m.set === 'one') return [String(c.value)];
  const [start, end] =
    c.const_date_value === undefined ? [ctx.now - LIMITS.defaultWindowDays * DAY, ctx.now] : window(c.const_date_value, c.date_param, ctx.now);
  const set = ctx.sentActivities.filter((a) => a.sentAt >= start && a.sentAt <= end).map((a) => a.id);
  if (m.set === 'in-window') return set;
  const n = wholeNumber(c.param, 'param');
  if (n < 1 || n > LIMITS.maxCampaigns) throw new CriteriaError(`param must be 1 to ${LIMITS.maxCampaigns}`);
  return set.slice(0, n);
}

function campaigns(m: Extract<Meaning, { kind: 'campaigns' }>, c: Record<string, unknown>, ctx: EvalContext): Predicate {
  const set = campaignSet(m, c, ctx);
  // An empty set of campaigns selects nobody (rather than everybody, as a vacuous "each" or "none" would).
  if (set.length === 0) return () => false;
  const some = (f: ContactFacts) => set.some((a) => passes(m.test, f, a));
  switch (m.quantifier) {
    case 'any':
      return some;
    case 'each':
      return (f) => set.every((a) => passes(m.test, f, a));
    case 'none':
      return (f) => !some(f);
  }
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
  private readonly byContact = new Map<string, ContactFacts>();

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
    const byContact = this.byContact;
    this.facts = data.contacts.map((contact) => {
      const f: ContactFacts = { contact, lists: new Set(contact.list_memberships ?? []), tags: new Set(contact.taggings ?? []), sends: new Map() };
      byContact.set(contact.contact_id, f);
      return f;
    });
    for (const s of data.sends) {
      byContact.get(s.contact_id)?.sends.set(s.campaign_activity_id, { opened: !!s.opened_at || !!s.clicked_at, clicked: !!s.clicked_at });
    }
  }

  /** A contact joined a list after the data was read (a list membership activity): criteria on lists see it. */
  joinList(contactId: string, listId: string): void {
    this.byContact.get(contactId)?.lists.add(listId);
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
