/**
 * The plain-English reading of criteria, for hovers, the outline and the preview:
 * "contacts who opened any of the last 5 campaigns and whose state is MA or RI".
 *
 * A reading words the criterion's meaning as the vocabulary states it (`meaningOf`), the structure the
 * sandbox's evaluator interprets: nothing here decides who is selected, only how to say it so that who
 * is counted is plain (never "did not open any", which could mean either of two audiences).
 */
import { criteriaOf, type CriterionNode, type GroupNode, type MemberNode } from './document';
import type { AccountData } from './types';
import {
  assumptionOf,
  type CampaignTest,
  type FieldSpec,
  fieldSpec,
  formOf,
  isOp,
  LIMITS,
  type Meaning,
  meaningOf,
  type Quantifier,
  type SourceSpec,
  sourceSpec,
} from './vocabulary';
import { wholeNumber } from './rules/operands';

function val(c: CriterionNode, key: string): unknown {
  return c.props.get(key)?.value;
}

function dateText(s: unknown): string {
  if (typeof s !== 'string') return String(s);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return s;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${months[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}, ${m[1]}`;
}

function windowText(kind: unknown, param: CriterionNode['props'] extends Map<string, infer N> ? N | undefined : never): string {
  if (kind === 'last-n-days') return ` in the last ${wholeNumber(param) ?? '?'} days`;
  if (kind === 'in-range' && param?.type === 'array') {
    const [a, b] = param.children ?? [];
    return ` between ${dateText(a?.value)} and ${dateText(b?.value)}`;
  }
  return '';
}

function nameOf(id: unknown, known: { id: string; name: string }[] | undefined): string {
  const found = known?.find((k) => typeof id === 'string' && k.id.toLowerCase() === id.toLowerCase());
  return found ? `"${found.name}"` : String(id);
}

/** "a" or "an" before a noun, by its sound as far as spelling tells ("an email address", "a user id"). */
export function article(noun: string): string {
  return /^([aeio]|u(?![bcdfghjklmnpqrstvwxz][aeiouy])|hour|honou?r)/i.test(noun) && !/^(one|eu)/i.test(noun) ? 'an' : 'a';
}

// ---- tracking ------------------------------------------------------------------------------------

type Shape = 'sent' | 'not-sent' | 'engaged' | 'not-engaged';

function shapeOf(t: CampaignTest): Shape {
  if (!t.sent) return 'not-sent';
  if (!t.engaged) return 'sent';
  return t.engaged.did ? 'engaged' : 'not-engaged';
}

const VERBS = { open: { base: 'open', past: 'opened' }, click: { base: 'click', past: 'clicked' } } as const;

/**
 * Readings over several campaigns, by the test's shape and the quantifier: {set} is the campaigns,
 * {verb} and {did} the engagement ("open", "opened"). "Any" is said "at least one" wherever a negation
 * follows, so that the sentence has one meaning.
 */
const SEVERAL: Record<Shape, Record<Quantifier, string>> = {
  sent: { any: 'were sent any of {set}', each: 'were sent each of {set}', none: 'were sent none of {set}' },
  'not-sent': { any: 'were not sent at least one of {set}', each: 'were sent none of {set}', none: 'were sent each of {set}' },
  engaged: { any: '{did} any of {set}', each: '{did} each of {set}', none: '{did} none of {set}, whether sent them or not' },
  'not-engaged': {
    any: 'were sent at least one of {set} and did not {verb} it',
    each: 'were sent each of {set} and {did} none of them',
    none: '{did} every one of {set} that they were sent',
  },
};

/** Readings for one campaign: the test holds (`eq`, or a set of one) or does not (`ne`). */
const ONE: Record<Shape, { holds: string; fails: string }> = {
  sent: { holds: 'were sent {set}', fails: 'were not sent {set}' },
  'not-sent': { holds: 'were not sent {set}', fails: 'were sent {set}' },
  engaged: { holds: '{did} {set}', fails: 'were not sent {set} or did not {verb} it' },
  'not-engaged': { holds: 'were sent {set} and did not {verb} it', fails: 'were not sent {set} or {did} it' },
};

function campaignSet(c: CriterionNode, m: Extract<Meaning, { kind: 'campaigns' }>, account?: AccountData): { text: string; single: boolean } {
  if (m.set === 'one') return { text: `campaign activity ${nameOf(val(c, 'value'), account?.campaignActivities)}`, single: true };
  const window = windowText(val(c, 'const_date_value'), c.props.get('date_param'));
  if (m.set === 'last-n') {
    const n = wholeNumber(c.props.get('param'));
    const sent = window ? ` sent${window}` : '';
    return n === 1 ? { text: `the last campaign${sent}`, single: true } : { text: `the last ${n ?? 'N'} campaigns${sent}`, single: false };
  }
  return { text: `the campaigns sent${window || ` in the last ${LIMITS.defaultWindowDays} days`}`, single: false };
}

function campaignsText(c: CriterionNode, m: Extract<Meaning, { kind: 'campaigns' }>, account?: AccountData): string {
  const set = campaignSet(c, m, account);
  const shape = shapeOf(m.test);
  const template = set.single ? ONE[shape][m.quantifier === 'none' ? 'fails' : 'holds'] : SEVERAL[shape][m.quantifier];
  const verb = VERBS[m.test.engaged?.act ?? 'open'];
  return template.replace('{set}', set.text).replace('{verb}', verb.base).replace('{did}', verb.past);
}

// ---- contact fields, lists, tags -----------------------------------------------------------------

const COMPARE = {
  equals: { yes: 'is', no: 'is not' },
  'starts-with': { yes: 'starts with', no: 'does not start with' },
  contains: { yes: 'contains', no: 'does not contain' },
} as const;

function textReading(field: FieldSpec, m: Extract<Meaning, { kind: 'text' }>, value: unknown): string {
  const noun = field.phrase ?? field.name;
  if (m.compare === 'blank') return m.negated ? `have ${article(noun)} ${noun}` : `have no ${noun}`;
  const v = typeof value === 'string' ? value : String(value);
  // A negated comparison also selects blank fields: say so.
  return m.negated ? `whose ${noun} ${COMPARE[m.compare].no} ${v} or is blank` : `whose ${noun} ${COMPARE[m.compare].yes} ${v}`;
}

const MEMBERSHIP = {
  list: { one: { any: 'are on the list {id}', none: 'are not on the list {id}' }, every: { any: 'are on a list', none: 'are on no list' } },
  tag: { one: { any: 'are tagged {id}', none: 'are not tagged {id}' }, every: { any: 'have a tag', none: 'have no tag' } },
} as const;

// ---- criteria and groups -------------------------------------------------------------------------

interface Resolved {
  source?: SourceSpec;
  field?: FieldSpec;
  meaning?: Meaning;
}

function resolve(c: CriterionNode): Resolved {
  const source = sourceSpec(val(c, 'source'));
  const field = source && fieldSpec(source, val(c, 'field'));
  const op = val(c, 'op');
  if (!field || !isOp(op)) return { source, field };
  const form = formOf(field.kind, op, val(c, 'const_value'));
  return { source, field, meaning: form && meaningOf(field, op, form) };
}

/** What a criterion selects, when it is complete enough to select anything. */
export function criterionMeaning(c: CriterionNode): Meaning | undefined {
  return resolve(c).meaning;
}

/** One criterion, read as the end of "contacts who …". */
export function criterionText(c: CriterionNode, account?: AccountData): string {
  const { source, field, meaning: m } = resolve(c);
  if (!source) {
    const given = val(c, 'source');
    // A web-UI source (say, ecommerce activity) this product does not read: name it, claim nothing about who it selects.
    return typeof given === 'string' && given.trim() !== '' ? `match the ${given} criterion, as Constant Contact reads it (not checked here)` : 'match an unknown source';
  }
  if (!field) return `match an unknown ${source.id} field`;
  if (!m) {
    const op = val(c, 'op');
    const opText = op === undefined || op === '' ? 'no operator' : `operator ${String(op)}`;
    const cv = val(c, 'const_value');
    return `match ${field.name} with ${opText}${cv === undefined ? '' : ` and const_value ${String(cv)}`} (incomplete)`;
  }
  switch (m.kind) {
    case 'campaigns':
      return campaignsText(c, m, account);
    case 'text':
      return textReading(field, m, val(c, 'value'));
    case 'date-in-window':
      return `${field.phrase ?? `have ${field.name}`}${windowText(m.window, c.props.get('date_param'))}`;
    case 'membership': {
      const known = m.of === 'list' ? account?.lists : account?.tags;
      return MEMBERSHIP[m.of][m.set][m.quantifier].replace('{id}', nameOf(val(c, 'value'), known));
    }
  }
}

/** Whether "… V1 or V2" reads as the `or` of the criteria: only when the reading holds no negation. */
function joinsByValue(m: Meaning | undefined): boolean {
  if (!m) return false;
  switch (m.kind) {
    case 'campaigns':
      return m.quantifier !== 'none' && shapeOf(m.test) !== 'not-sent' && shapeOf(m.test) !== 'not-engaged';
    case 'text':
      return !m.negated && m.compare !== 'blank';
    case 'membership':
      return m.quantifier === 'any';
    case 'date-in-window':
      return false;
  }
}

/** Joins an `or` group of one field and operator compactly: "whose state is MA or RI". */
function compactOr(members: MemberNode[], account?: AccountData): string | undefined {
  if (members.length < 2 || members.some((m) => m.kind !== 'criterion')) return undefined;
  const cs = members as CriterionNode[];
  const [first] = cs;
  const same = (k: string) => cs.every((c) => val(c, k) === val(first!, k));
  if (!same('source') || !same('field') || !same('op') || val(first!, 'const_value') !== undefined) return undefined;
  // "whose state is not MA or RI" would name neither MA nor RI, while the group selects almost everybody.
  if (!joinsByValue(criterionMeaning(first!))) return undefined;
  const texts = cs.map((c) => criterionText(c, account));
  const head = texts[0]!;
  const lastValue = (t: string, c: CriterionNode) => {
    const v = String(val(c, 'value'));
    return t.endsWith(v) ? t.slice(0, t.length - v.length) : undefined;
  };
  const prefix = lastValue(head, first!);
  if (prefix === undefined) return undefined;
  const values = cs.map((_, i) => (texts[i]!.startsWith(prefix) ? texts[i]!.slice(prefix.length) : undefined));
  if (values.some((v) => v === undefined)) return undefined;
  return `${prefix}${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export function groupText(g: GroupNode, account?: AccountData): string {
  const word = g.type === 'or' ? 'or' : 'and';
  if (g.type === 'or') {
    const compact = compactOr(g.members, account);
    if (compact) return compact;
  }
  const parts = g.members.map((m) => {
    if (m.kind === 'criterion') return criterionText(m, account);
    const compact = m.type === 'or' ? compactOr(m.members, account) : undefined;
    return compact ?? `(${groupText(m, account)})`;
  });
  if (parts.length === 0) return 'nobody (the group is empty)';
  // When a part says "and" (or "or") itself, a comma shows where one criterion ends and the next begins.
  return parts.join(parts.some((p) => p.includes(` ${word} `)) ? `, ${word} ` : ` ${word} `);
}

/** "contacts who opened …", "contacts whose state is …": a reading after the word "contacts". */
export function contactsWho(text: string): string {
  return text.startsWith('whose ') ? `contacts ${text}` : `contacts who ${text}`;
}

export function reading(g: GroupNode, account?: AccountData): string {
  const text = contactsWho(groupText(g, account));
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** The assumptions a group's reading rests on, once each (meanings Constant Contact does not publish). */
export function assumptions(g: GroupNode): string[] {
  const out = new Set<string>();
  for (const c of criteriaOf(g)) {
    const m = criterionMeaning(c);
    const a = m && assumptionOf(m);
    if (a) out.add(a);
  }
  return [...out];
}
