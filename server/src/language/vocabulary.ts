/**
 * The segment criteria language in one place: sources, fields, operators, operand shapes ("forms"),
 * constants and limits, with their documentation taken from Constant Contact's segments guide, and what
 * each criterion selects, stated once as a structure (see "What criteria select").
 *
 * The JSON schema (schemas/segment.schema.json), the grouping rules, completions, hovers, the
 * plain-English reading and the sandbox's evaluator all read this module: the reading words the
 * structure and the evaluator interprets it, so the two cannot name different audiences. Nothing here
 * imports anything but its limits (limits.ts, which the extension may carry): it is data plus a few lookups.
 */

export type SourceId = 'tracking' | 'contact' | 'list_membership' | 'tags';
export type OpId = 'eq' | 'ne' | 'starts-with' | 'contains-string' | 'contains-any' | 'contains-all';
export type ConstValueId = 'last-n-campaigns' | 'campaigns' | 'blank' | 'none' | 'in-range' | 'last-n-days';
export type ConstDateValueId = 'in-range' | 'last-n-days';
/** What a field's criteria look like: the operand forms it accepts. */
export type FieldKindId = 'tracking-activity' | 'contact-text' | 'contact-date' | 'list' | 'tag';
/** What a `value` holds. */
export type ValueKind = 'campaign-activity-id' | 'text' | 'list-id' | 'tag-id';

export const CRITERIA_VERSION = '1.0.0';

import { LIMITS } from './limits';

export { LIMITS };

/** Every key a criterion may have. */
export const CRITERION_KEYS = [
  'source',
  'field',
  'op',
  'value',
  'const_value',
  'param',
  'const_date_value',
  'date_param',
] as const;
export type CriterionKey = (typeof CRITERION_KEYS)[number];

export const GROUP_KEYS = ['type', 'group'] as const;
export const SEGMENT_CRITERIA_KEYS = ['version', 'criteria'] as const;
/** Keys of a .segment.json file. `segment_id` and `sync` are written by deploy and pull, not by hand. */
export const FILE_KEYS = ['$schema', 'name', 'segment_criteria', 'segment_id', 'sync'] as const;

export interface Doc {
  /** One line, for completion lists and the outline. */
  summary: string;
  /** Markdown, for hovers. */
  markdown: string;
}

export interface SourceSpec {
  id: SourceId;
  label: string;
  doc: Doc;
  /**
   * The guide: list_membership and tags join only with `or` ("list_membership and list_membership",
   * "tags and tags" are not supported), so under the top `and` each appears at most once.
   */
  onlyOnceUnderAnd: boolean;
  /** Fields named by the guide. The contact source also accepts custom fields by name. */
  fields: FieldSpec[];
  /** Whether names outside `fields` are accepted (custom contact fields). */
  openFields: boolean;
  /** The kind of a field not listed in `fields` (contact custom fields). */
  openFieldKind?: FieldKindId;
}

export interface FieldSpec {
  name: string;
  kind: FieldKindId;
  doc: Doc;
  /** Words for the plain-English reading of a contact field: its noun ("job title"), or for a date, its verb ("were added"). */
  phrase?: string;
  /** The contact resource's property holding this field, where its name differs (title is job_title). */
  contactProperty?: string;
  /** A tracking field's test of one contact against one campaign activity. */
  campaignTest?: CampaignTest;
}

export interface OperandForm {
  id: string;
  /** The operators this form takes: the keys of `selects`, in the order written. */
  ops: OpId[];
  /** What each operator selects with this form (the field adds its own part: see `meaningOf`). */
  selects: Partial<Record<OpId, FormSelection>>;
  /** Required `const_value`; absent means `const_value` must not be given. */
  constValue?: ConstValueId;
  /** Required `value`, and what it holds; absent means `value` must not be given. */
  value?: ValueKind;
  /** Required `param`: a whole number of campaigns in this range. */
  param?: { min: number; max: number };
  /** Tracking's optional date window: `const_date_value` + `date_param`. */
  dateWindow?: boolean;
  /** A required `date_param` (contact date fields put the window in `const_value`). */
  dateParam?: 'range' | 'days';
}

export interface FieldKindSpec {
  id: FieldKindId;
  forms: OperandForm[];
}

export interface OpSpec {
  id: OpId;
  label: string;
  doc: Doc;
}

export interface ConstSpec {
  id: string;
  doc: Doc;
}

// ---- what criteria select -------------------------------------------------------------------------
//
// A criterion's meaning is the field's part (for tracking, a test of one contact against one campaign)
// joined with the (operator, operand form) part (which campaigns, and for how many of them the test must
// hold). The plain-English reading words this structure; the sandbox's evaluator interprets it.

/**
 * Whether one contact passes one campaign activity. Opening or clicking implies being sent, so the
 * engagement is only asked of contacts that were sent the campaign.
 */
export interface CampaignTest {
  /** The contact was (true) or was not (false) sent the campaign activity. */
  sent: boolean;
  /** And, sent it, did (true) or did not (false) open or click it; absent: sending alone decides. */
  engaged?: { act: 'open' | 'click'; did: boolean };
}

/** For how many campaigns of the set the test must hold: at least one, every one (of a non-empty set), none. */
export type Quantifier = 'any' | 'each' | 'none';

/**
 * The campaigns a tracking criterion ranges over: the one named in `value`, the last `param` sent in the
 * date window, or every one sent in the date window. A set with no campaigns selects nobody.
 */
export type CampaignSet = 'one' | 'last-n' | 'in-window';

/** What an (operator, operand form) pair selects, before the field adds its part. */
export type FormSelection =
  | { kind: 'campaigns'; set: CampaignSet; quantifier: Quantifier }
  /**
   * Compares the field's value, case-insensitively. A null or blank value never equals, starts with or
   * contains text, and is blank; `negated` selects every other contact (so `ne` counts blank values).
   */
  | { kind: 'text'; compare: 'equals' | 'starts-with' | 'contains' | 'blank'; negated: boolean }
  /** The field's date falls in the window (a contact without the date is not selected). */
  | { kind: 'date-in-window'; window: 'in-range' | 'last-n-days' }
  /** Membership of the list or tag named in `value` (`one`), or of any of the account's (`every`). */
  | { kind: 'membership'; set: 'one' | 'every'; quantifier: 'any' | 'none' };

/** What a criterion selects: its form's selection with the field's part filled in. */
export type Meaning =
  | { kind: 'campaigns'; test: CampaignTest; set: CampaignSet; quantifier: Quantifier }
  | Extract<FormSelection, { kind: 'text' | 'date-in-window' }>
  | { kind: 'membership'; of: 'list' | 'tag'; set: 'one' | 'every'; quantifier: 'any' | 'none' };

/**
 * The guide defines `not_sent`, `not_opened` and `not_clicked` for one campaign activity only; what they
 * select over several campaigns is not published. This is the meaning the product assumes (the guide's
 * own use case, "sent but did not open any of your last five campaigns", is `not_opened` `contains-all`).
 */
export const ASSUMED_NEGATIVE_TRACKING =
  'Constant Contact does not publish what `not_sent`, `not_opened` and `not_clicked` select over several campaigns. ' +
  'This product assumes, per campaign: `not_sent` = the contact was not sent it; `not_opened` / `not_clicked` = ' +
  'the contact was sent it and did not open / click it. `contains-any` = that holds for at least one campaign of ' +
  'the set, `contains-all` = for every one: `not_opened` `contains-all` selects contacts who were sent each ' +
  'campaign and opened none of them.';

const md = (summary: string, more = ''): Doc => ({ summary, markdown: more ? `${summary}\n\n${more}` : summary });

/**
 * Words people write for the language's own words: the operator as the web UI shows it ("equals"), spelled
 * out ("starts with"), or as a symbol ("="). Completion shows each operator's first word beside it, and
 * the near-miss rule reads the whole table: a criterion holding one of these words gets an error with a
 * fix to the word it stands for. Only our own words belong here: an unknown source that is not in this
 * table (nor a typo of a known one) may be one the web UI makes, and is left unchecked.
 */
export const SYNONYMS: { source: Record<SourceId, string[]>; op: Record<OpId, string[]> } = {
  source: {
    tracking: ['tracking activity', 'email activity'],
    contact: ['contact details', 'contacts'],
    list_membership: ['list membership', 'list', 'lists', 'list memberships', 'membership'],
    tags: ['tag', 'tagged'],
  },
  op: {
    eq: ['equals', 'equal', 'equal to', 'is', '=', '=='],
    ne: ['does not equal', 'not equals', 'not equal', 'not equal to', 'is not', '!=', '<>'],
    'starts-with': ['starts with', 'start with', 'begins with', 'begin with'],
    'contains-string': ['contains', 'contain', 'includes', 'contains text'],
    'contains-any': ['any of', 'contains any', 'in any of'],
    'contains-all': ['all of', 'contains all', 'in all of'],
  },
};

export const OPS: OpSpec[] = [
  { id: 'eq', label: SYNONYMS.op.eq[0]!, doc: md('Equals (`eq`): case-insensitive.', 'With `const_value` `blank`: the field is null, empty or whitespace only. With `const_value` `none` (lists, tags): the contact is on no list / has no tag.') },
  { id: 'ne', label: SYNONYMS.op.ne[0]!, doc: md('Not equals (`ne`): case-insensitive, and applies to null values (a contact whose field is empty matches).', 'With `const_value` `blank`: the field has a non-blank value.') },
  { id: 'starts-with', label: SYNONYMS.op['starts-with'][0]!, doc: md('Starts with (`starts-with`): case-insensitive, for string values.') },
  { id: 'contains-string', label: SYNONYMS.op['contains-string'][0]!, doc: md('Contains string (`contains-string`): case-insensitive, for string values.') },
  { id: 'contains-any', label: SYNONYMS.op['contains-any'][0]!, doc: md('Contains any (`contains-any`): the field\'s test holds for at least one campaign of the set.', 'For `date_added` / `date_updated`: the date falls in the window.') },
  { id: 'contains-all', label: SYNONYMS.op['contains-all'][0]!, doc: md('Contains all (`contains-all`): the field\'s test holds for every campaign of the set (a set with no campaigns selects nobody).') },
];

const tracking = (name: string, campaignTest: CampaignTest, summary: string, more = ''): FieldSpec => ({
  name,
  kind: 'tracking-activity',
  campaignTest,
  doc: md(summary, more),
});

const trackingFields: FieldSpec[] = [
  tracking('sent', { sent: true }, 'Contacts that were sent an email campaign activity.'),
  tracking('not_sent', { sent: false }, 'Contacts that were not sent an email campaign activity.', ASSUMED_NEGATIVE_TRACKING),
  tracking('opened', { sent: true, engaged: { act: 'open', did: true } }, 'Contacts that opened an email campaign activity.'),
  tracking('not_opened', { sent: true, engaged: { act: 'open', did: false } }, 'Contacts that did not open an email campaign activity (they were sent it).', ASSUMED_NEGATIVE_TRACKING),
  tracking('clicked', { sent: true, engaged: { act: 'click', did: true } }, 'Contacts that clicked an email campaign activity.'),
  tracking('not_clicked', { sent: true, engaged: { act: 'click', did: false } }, 'Contacts that did not click an email campaign activity (they were sent it).', ASSUMED_NEGATIVE_TRACKING),
];

const contactText = (name: string, phrase: string, summary: string): FieldSpec => ({
  name,
  kind: 'contact-text',
  phrase,
  doc: md(summary),
});

const contactFields: FieldSpec[] = [
  contactText('first_name', 'first name', 'Standard contact field: the first name.'),
  contactText('last_name', 'last name', 'Standard contact field: the last name.'),
  contactText('email_address', 'email address', 'Standard contact field: the email address.'),
  { ...contactText('title', 'job title', 'Standard contact field: the job title.'), contactProperty: 'job_title' },
  contactText('company_name', 'company', 'Standard contact field: the company name.'),
  contactText('birthday_month', 'birthday month', 'Standard contact field: the birthday month (1 to 12).'),
  contactText('birthday_day', 'birthday day', 'Standard contact field: the day of the birthday (1 to 31).'),
  contactText('anniversary', 'anniversary', 'Standard contact field: the anniversary date.'),
  contactText('street', 'street', 'Standard contact field: street address.'),
  contactText('city', 'city', 'Standard contact field: city.'),
  contactText('state', 'state', 'Standard contact field: state or province.'),
  contactText('postal_code', 'postal code', 'Standard contact field: postal code.'),
  contactText('country', 'country', 'Standard contact field: country.'),
  contactText('source', 'source', 'System field: how the contact was added (the contact\'s source).'),
  {
    name: 'date_added',
    kind: 'contact-date',
    contactProperty: 'created_at',
    phrase: 'were added',
    doc: md('System field: the date the contact was added.', 'Supports only `contains-any` with `const_value` `in-range` (two dates) or `last-n-days` (days) in `date_param`.'),
  },
  {
    name: 'date_updated',
    kind: 'contact-date',
    contactProperty: 'updated_at',
    phrase: 'were updated',
    doc: md('System field: the date the contact was last updated.', 'Supports only `contains-any` with `const_value` `in-range` (two dates) or `last-n-days` (days) in `date_param`.'),
  },
];

export const SOURCES: SourceSpec[] = [
  {
    id: 'tracking',
    label: 'tracking activity',
    onlyOnceUnderAnd: false,
    openFields: false,
    fields: trackingFields,
    doc: md(
      'Tracking activities (`tracking`): how a contact interacted with your past email campaigns: sent, opened, clicked and their opposites.',
      'At most 500 campaigns and a date window of at most 1825 days (5 years) may be evaluated. Tracking criteria join with `and`, or inside an `or` group of tracking criteria.',
    ),
  },
  {
    id: 'contact',
    label: 'contact details',
    onlyOnceUnderAnd: false,
    openFields: true,
    openFieldKind: 'contact-text',
    fields: contactFields,
    doc: md(
      'Contact details (`contact`): standard contact fields, custom contact fields (which must already exist), and the system fields `date_added`, `date_updated` and `source`.',
      'Contact criteria join with `and`, or inside an `or` group of contact criteria.',
    ),
  },
  {
    id: 'list_membership',
    label: 'list membership',
    onlyOnceUnderAnd: true,
    openFields: false,
    fields: [
      {
        name: 'list_id',
        kind: 'list',
        doc: md('The contact list (`list_id`) a contact is a member of.', 'Use `const_value` `none` (and no `value`) for contacts on no list.'),
      },
    ],
    doc: md(
      'List memberships (`list_membership`): limit the contacts evaluated to members of the given lists. Without a list criterion, every contact in the account is evaluated.',
      'List membership joins only with `or`: under the top `and` it appears once, as one criterion or one `or` group of lists.',
    ),
  },
  {
    id: 'tags',
    label: 'tags',
    onlyOnceUnderAnd: true,
    openFields: false,
    fields: [
      {
        name: 'tag_id',
        kind: 'tag',
        doc: md('The tag (`tag_id`) to include (`eq`) or exclude (`ne`).', 'Use `const_value` `none` (and no `value`) for untagged contacts.'),
      },
    ],
    doc: md(
      'Tags (`tags`): include or exclude contacts by tag.',
      'Tags join only with `or`: under the top `and` they appear once, as one criterion or one `or` group of tags.',
    ),
  },
];

/** An operand form; its operators are the keys of what it selects. */
const form = (f: Omit<OperandForm, 'ops'>): OperandForm => ({ ...f, ops: Object.keys(f.selects) as OpId[] });
const campaigns = (set: CampaignSet, quantifier: Quantifier): FormSelection => ({ kind: 'campaigns', set, quantifier });
const text = (compare: 'equals' | 'starts-with' | 'contains' | 'blank', negated = false): FormSelection => ({ kind: 'text', compare, negated });
const membership = (set: 'one' | 'every', quantifier: 'any' | 'none'): FormSelection => ({ kind: 'membership', set, quantifier });

export const FIELD_KINDS: FieldKindSpec[] = [
  {
    id: 'tracking-activity',
    forms: [
      form({
        id: 'tracking-campaign',
        value: 'campaign-activity-id',
        selects: { eq: campaigns('one', 'any'), ne: campaigns('one', 'none') },
      }),
      form({
        id: 'tracking-last-n-campaigns',
        constValue: 'last-n-campaigns',
        param: { min: 1, max: LIMITS.maxCampaigns },
        dateWindow: true,
        selects: { 'contains-any': campaigns('last-n', 'any'), 'contains-all': campaigns('last-n', 'each') },
      }),
      form({
        id: 'tracking-campaigns',
        constValue: 'campaigns',
        dateWindow: true,
        selects: { 'contains-any': campaigns('in-window', 'any'), 'contains-all': campaigns('in-window', 'each') },
      }),
    ],
  },
  {
    id: 'contact-text',
    forms: [
      form({
        id: 'contact-value',
        value: 'text',
        selects: { eq: text('equals'), ne: text('equals', true), 'starts-with': text('starts-with'), 'contains-string': text('contains') },
      }),
      form({
        id: 'contact-blank',
        constValue: 'blank',
        selects: { eq: text('blank'), ne: text('blank', true) },
      }),
    ],
  },
  {
    id: 'contact-date',
    forms: [
      form({ id: 'contact-date-range', constValue: 'in-range', dateParam: 'range', selects: { 'contains-any': { kind: 'date-in-window', window: 'in-range' } } }),
      form({ id: 'contact-date-days', constValue: 'last-n-days', dateParam: 'days', selects: { 'contains-any': { kind: 'date-in-window', window: 'last-n-days' } } }),
    ],
  },
  {
    id: 'list',
    forms: [
      form({ id: 'list-id', value: 'list-id', selects: { eq: membership('one', 'any') } }),
      form({ id: 'list-none', constValue: 'none', selects: { eq: membership('every', 'none') } }),
    ],
  },
  {
    id: 'tag',
    forms: [
      form({ id: 'tag-id', value: 'tag-id', selects: { eq: membership('one', 'any'), ne: membership('one', 'none') } }),
      form({ id: 'tag-none', constValue: 'none', selects: { eq: membership('every', 'none') } }),
    ],
  },
];

export const CONST_VALUES: ConstSpec[] = [
  { id: 'last-n-campaigns', doc: md('The last N email campaigns sent, N given in `param` (1 to 500; the web UI evaluates at most 5).', 'With no date window, the window defaults to five years.') },
  { id: 'campaigns', doc: md('Every email campaign sent within the date window (`const_date_value` + `date_param`; five years by default).') },
  { id: 'blank', doc: md('Blank: null, an empty string or whitespace only. `eq` blank is "is blank", `ne` blank is "is not blank".') },
  { id: 'none', doc: md('No list (for `list_membership`) or no tag (for `tags`). Leave `value` out.') },
  { id: 'in-range', doc: md('A date range: `date_param` is `[start, end]`, e.g. `["2017-12-15T01:16:00+0000", "2018-02-28T01:16:00+0000"]`, start before end, at most 1825 days apart.') },
  { id: 'last-n-days', doc: md('The last N days, N given in `date_param` (1 to 1825).') },
];

export const CONST_DATE_VALUES: ConstSpec[] = [
  { id: 'in-range', doc: md('Limit the campaigns to those sent in a date range: `date_param` is `[start, end]`, start before end, at most 1825 days apart.') },
  { id: 'last-n-days', doc: md('Limit the campaigns to those sent in the last N days, N given in `date_param` (1 to 1825).') },
];

export const GROUP_TYPES: ConstSpec[] = [
  { id: 'and', doc: md('`and`: every member must hold. The top of the criteria must be an `and`; it holds criteria and `or` groups.') },
  { id: 'or', doc: md('`or`: at least one member must hold. An `or` group sits inside the top `and` and holds criteria of one source only.') },
];

/** Dates look like the guide's `2017-12-15T01:16:00+0000` (an ISO-8601 offset with or without a colon is accepted). */
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:?\\d{2})$';
/** Text with something besides whitespace (a segment name): the same whitespace as JavaScript's trim(). */
export const NON_BLANK_PATTERN = '\\S';
/** Whole numbers written as numbers or numeric strings ("5" or 5). */
export const WHOLE_NUMBER_STRING_PATTERN = '^[0-9]+$';
/** A UUID, loosely: ids that do not look like this only get a warning (the guide's own examples are truncated). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---- lookups -------------------------------------------------------------------------------------

export const SOURCE_IDS = SOURCES.map((s) => s.id);
export const OP_IDS = OPS.map((o) => o.id);

/**
 * Whether a group member with these keys is a group (`type` and `group`) rather than a criterion. A
 * `source` makes it a criterion even with a `type` key: criteria of sources this product does not know (the
 * web UI's ecommerce ones) may well have one. The schema's `member` definition says the same.
 */
export function isGroupShaped(has: (key: string) => boolean): boolean {
  return has('group') || (has('type') && !has('source'));
}

export function isOp(x: unknown): x is OpId {
  return (OP_IDS as readonly unknown[]).includes(x);
}

export function sourceSpec(id: unknown): SourceSpec | undefined {
  return SOURCES.find((s) => s.id === id);
}

export function opSpec(id: unknown): OpSpec | undefined {
  return OPS.find((o) => o.id === id);
}

export function fieldKind(id: FieldKindId): FieldKindSpec {
  return FIELD_KINDS.find((k) => k.id === id)!;
}

/** The field's spec; for a contact custom field, a spec of the open kind. */
export function fieldSpec(source: SourceSpec, name: unknown): FieldSpec | undefined {
  if (typeof name !== 'string') return undefined;
  const known = source.fields.find((f) => f.name === name);
  if (known) return known;
  if (source.openFields && source.openFieldKind && name.trim() !== '') {
    return { name, kind: source.openFieldKind, phrase: name.replace(/_/g, ' '), doc: md(`Custom contact field \`${name}\` (must already exist in the account).`) };
  }
  return undefined;
}

export function isKnownField(source: SourceSpec, name: string): boolean {
  return source.fields.some((f) => f.name === name);
}

/** Operators a field kind accepts, in vocabulary order. */
export function opsForKind(kind: FieldKindId): OpId[] {
  const ops = new Set(fieldKind(kind).forms.flatMap((f) => f.ops));
  return OP_IDS.filter((o) => ops.has(o));
}

/** The forms a field kind accepts with an operator. */
export function formsFor(kind: FieldKindId, op: OpId): OperandForm[] {
  return fieldKind(kind).forms.filter((f) => f.ops.includes(op));
}

/** `const_value`s accepted by a field kind with an operator. */
export function constValuesFor(kind: FieldKindId, op: OpId): ConstValueId[] {
  return formsFor(kind, op).flatMap((f) => (f.constValue ? [f.constValue] : []));
}

/** The form a criterion takes, from its operator and `const_value` (undefined when no form fits). */
export function formOf(kind: FieldKindId, op: OpId, constValue: unknown): OperandForm | undefined {
  const forms = formsFor(kind, op);
  if (constValue === undefined) return forms.find((f) => !f.constValue);
  return forms.find((f) => f.constValue === constValue);
}

export function constDoc(id: unknown): ConstSpec | undefined {
  return CONST_VALUES.find((c) => c.id === id);
}

export function constDateDoc(id: unknown): ConstSpec | undefined {
  return CONST_DATE_VALUES.find((c) => c.id === id);
}

/** What a criterion of this field, operator and form selects (undefined when the form does not take the operator). */
export function meaningOf(field: FieldSpec, op: OpId, form: OperandForm): Meaning | undefined {
  const s = form.selects[op];
  if (!s) return undefined;
  switch (s.kind) {
    case 'campaigns':
      return field.campaignTest ? { ...s, test: field.campaignTest } : undefined;
    case 'membership':
      return field.kind === 'list' || field.kind === 'tag' ? { ...s, of: field.kind } : undefined;
    default:
      return s;
  }
}

/** not_sent, not_opened, not_clicked: tests that hold for what did not happen. */
export function isNegativeTest(test: CampaignTest): boolean {
  return !test.sent || test.engaged?.did === false;
}

/**
 * The assumption behind a meaning Constant Contact does not publish: a negative tracking field over
 * several campaigns, and "was sent it" in `not_opened` / `not_clicked` even for one.
 */
export function assumptionOf(meaning: Meaning): string | undefined {
  if (meaning.kind !== 'campaigns' || !isNegativeTest(meaning.test)) return undefined;
  return meaning.set !== 'one' || meaning.test.engaged ? ASSUMED_NEGATIVE_TRACKING : undefined;
}

export function valueKindLabel(kind: ValueKind): string {
  switch (kind) {
    case 'campaign-activity-id':
      return 'an email campaign activity id';
    case 'list-id':
      return 'a contact list id';
    case 'tag-id':
      return 'a tag id';
    case 'text':
      return 'text to compare with';
  }
}
