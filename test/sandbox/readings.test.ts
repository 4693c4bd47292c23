/**
 * One meaning per criterion: for every (source, field, operator, operand form) in the vocabulary, the
 * plain-English reading names exactly the contacts the sandbox's evaluator selects.
 *
 * The test does not trust either side: it reads each reading's English itself, with the dictionary of
 * sentences below (written by hand, one entry per wording), and works out who that sentence names from a
 * hand-written table of contacts. The table is built so that "any", "each" and "none" of a set of
 * campaigns, and "sent" and "not sent", name different people (the second test proves it does).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describe as readingOf } from '../../server/src/language/service';
import { type FieldSpec, fieldKind, type OperandForm, type OpId, SOURCES, sourceSpec } from '../../server/src/language/vocabulary';
import type { SandboxContact, SandboxData } from '../../sandbox/src/data.js';
import { Evaluator } from '../../sandbox/src/evaluator.js';

const DAY = 86_400_000;
const NOW = Date.parse('2025-01-31T00:00:00Z');
const ago = (days: number) => new Date(NOW - days * DAY).toISOString();

// ---- the table -----------------------------------------------------------------------------------

/** Campaign activities by id and how many days ago they were sent (E is older than the five-year default window). */
const CAMPAIGNS: Record<string, number> = { A: 1, B: 10, C: 20, D: 40, E: 2000 };
const NEWEST_FIRST = Object.keys(CAMPAIGNS).sort((a, b) => CAMPAIGNS[a]! - CAMPAIGNS[b]!);

/**
 * Per contact and campaign A B C D E: `-` not sent, `s` sent, `o` sent and opened, `c` sent and clicked
 * (a click counts as an open, as in Constant Contact's reports).
 */
const TRACKING: Record<string, string> = {
  k1: '----o', // sent only an old campaign, outside every set
  k2: 's----', // sent only the newest, did not open it
  k3: 'ssss-', // sent every recent one, opened none
  k4: 'osss-', // opened the newest only
  k5: 'cooo-', // opened each, clicked the newest
  k6: 'cccc-', // clicked each
  k7: 'oc---', // sent A and B only: opened A, clicked B
  k8: 'soc-s', // sent A, B, C: opened B, clicked C
  k9: '-s-o-', // not sent the newest; sent B (not opened), opened D
};
const IDS = Object.keys(TRACKING);
const mark = (k: string, campaign: string) => TRACKING[k]![Object.keys(CAMPAIGNS).indexOf(campaign)]!;
const wasSent = (k: string, x: string) => mark(k, x) !== '-';
const did = (act: string, k: string, x: string) => (act === 'open' || act === 'opened' ? 'oc' : 'c').includes(mark(k, x));

/** One value per contact, used for every contact text field (standard and custom): null, blank, case. */
const TEXT: Record<string, string | null | undefined> = { k1: 'Maple', k2: 'maple', k3: null, k4: '   ', k5: 'Big Maple', k6: 'Mapleton', k7: '', k8: 'Oak', k9: undefined };
const isBlank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';
/** Days ago each contact was added and updated. */
const DATED: Record<string, number> = { k1: 1, k2: 5, k3: 20, k4: 40, k5: 100, k6: 400, k7: 3000, k8: 10, k9: 2 };
const LISTS: Record<string, string[]> = { k1: ['L1'], k2: ['L2'], k3: ['L1', 'L2'], k4: [], k5: ['L1'], k6: [], k7: ['L2'], k8: [], k9: ['L1'] };
const TAGS: Record<string, string[]> = { k1: [], k2: ['T1'], k3: ['T2'], k4: ['T1', 'T2'], k5: [], k6: ['T1'], k7: [], k8: ['T2'], k9: [] };

const CUSTOM = 'customer_tier';
const CONTACT = sourceSpec('contact')!;
const textProperties = CONTACT.fields.filter((f) => f.kind === 'contact-text').map((f) => f.contactProperty ?? f.name);

const data: SandboxData = {
  account: { encoded_account_id: 'readings', organization_name: 'Readings' },
  now: new Date(NOW).toISOString(),
  lists: [{ list_id: 'L1', name: 'One' }, { list_id: 'L2', name: 'Two' }],
  tags: [{ tag_id: 'T1', name: 'One' }, { tag_id: 'T2', name: 'Two' }],
  custom_fields: [{ custom_field_id: 'cf1', name: CUSTOM }],
  campaigns: Object.entries(CAMPAIGNS).map(([id, days]) => ({ campaign_id: `camp-${id}`, name: id, activities: [{ campaign_activity_id: id, sent_at: ago(days) }] })),
  contacts: IDS.map(
    (k) =>
      ({
        contact_id: k,
        ...Object.fromEntries(textProperties.map((p) => [p, TEXT[k]])),
        custom_fields: { [CUSTOM]: TEXT[k] ?? null },
        created_at: ago(DATED[k]!),
        updated_at: ago(DATED[k]!),
        list_memberships: LISTS[k],
        taggings: TAGS[k],
      }) as unknown as SandboxContact,
  ),
  sends: IDS.flatMap((k) =>
    Object.keys(CAMPAIGNS)
      .filter((x) => wasSent(k, x))
      .map((x) => ({
        contact_id: k,
        campaign_activity_id: x,
        opened_at: mark(k, x) === 'o' ? ago(CAMPAIGNS[x]!) : null,
        clicked_at: mark(k, x) === 'c' ? ago(CAMPAIGNS[x]!) : null,
      })),
  ),
};

const evaluator = new Evaluator(data);

// ---- every combination of the vocabulary ---------------------------------------------------------

/** The in-range window used throughout, and how the reading writes it. */
const RANGE = ['2024-12-12T00:00:00+0000', '2025-01-28T00:00:00+0000'];
const RANGE_WORDS = 'between Dec 12, 2024 and Jan 28, 2025';
const TEXT_VALUE = 'MAPLE';

interface Combination {
  field: FieldSpec;
  op: OpId;
  form: OperandForm;
  criterion: Record<string, unknown>;
}

/** Operands for a form, from what the form declares; tracking's optional date window in each variant. */
function operandVariants(field: FieldSpec, form: OperandForm): Record<string, unknown>[] {
  const base: Record<string, unknown> = {};
  if (form.constValue) base.const_value = form.constValue;
  if (form.value) base.value = { 'campaign-activity-id': 'B', text: TEXT_VALUE, 'list-id': 'L1', 'tag-id': 'T1' }[form.value];
  if (form.dateParam) base.date_param = form.dateParam === 'range' ? RANGE : '30';
  if (!form.dateWindow) return [{ ...base, ...(form.param ? { param: '3' } : {}) }];
  assert.equal(field.kind, 'tracking-activity');
  return [
    { ...base, ...(form.param ? { param: 3 } : {}) },
    { ...base, ...(form.param ? { param: '3' } : {}), const_date_value: 'last-n-days', date_param: '15' },
    { ...base, ...(form.param ? { param: '2' } : {}), const_date_value: 'in-range', date_param: RANGE },
    ...(form.param ? [{ ...base, param: '1' }] : []),
  ];
}

const combinations: Combination[] = SOURCES.flatMap((source) => {
  const fields = source.openFields ? [...source.fields, { name: CUSTOM, kind: source.openFieldKind! } as FieldSpec] : source.fields;
  return fields.flatMap((field) =>
    fieldKind(field.kind).forms.flatMap((form) =>
      form.ops.flatMap((op) => operandVariants(field, form).map((operands) => ({ field, op, form, criterion: { source: source.id, field: field.name, op, ...operands } }))),
    ),
  );
});

// ---- the test's own reading of the English ---------------------------------------------------------

/** Campaign ids a window phrase covers ("" is the five-year default). */
function inWindow(words: string | undefined): string[] {
  const w = words ?? '';
  const days = /^ in the last (\d+) days$/.exec(w);
  if (days) return NEWEST_FIRST.filter((x) => CAMPAIGNS[x]! <= Number(days[1]));
  if (w === ` ${RANGE_WORDS}`) return NEWEST_FIRST.filter((x) => CAMPAIGNS[x]! >= 3 && CAMPAIGNS[x]! <= 50);
  assert.fail(`unknown window "${w}"`);
}

/** The campaigns a set phrase names, newest first. */
function campaignsNamed(phrase: string): string[] {
  const one = /^campaign activity (\w+)$/.exec(phrase);
  if (one) return [one[1]!];
  const last = /^the last (?:(\d+) campaigns|(campaign))(?: sent( .+))?$/.exec(phrase);
  if (last) return inWindow(last[3] ?? ' in the last 1825 days').slice(0, last[2] ? 1 : Number(last[1]));
  const all = /^the campaigns sent( .+)$/.exec(phrase);
  if (all) return inWindow(all[1]);
  assert.fail(`unknown set of campaigns "${phrase}"`);
}

type Who = (k: string) => boolean;
type Sentence = [RegExp, (m: RegExpExecArray, c: Combination) => Who];

/** A set of one campaign, and of several, as the readings name them; the first pattern that matches a reading wins. */
const WINDOW = '(?: sent (?:in the last \\d+ days|between [A-Z][a-z]{2} \\d{1,2}, \\d{4} and [A-Z][a-z]{2} \\d{1,2}, \\d{4}))';
const ONE = `(campaign activity \\S+|the last campaign${WINDOW}?)`;
const SET = `(the last \\d+ campaigns${WINDOW}?|the campaigns${WINDOW})`;
const ACT = '(open|click)';
const DID = '(opened|clicked)';
/** The one campaign a phrase names (the sentences for one campaign must not name a set). */
function only(phrase: string): string {
  const named = campaignsNamed(phrase);
  assert.equal(named.length, 1, `one campaign: "${phrase}"`);
  return named[0]!;
}
const some = (xs: string[], p: (x: string) => boolean) => xs.length > 0 && xs.some(p);
const every = (xs: string[], p: (x: string) => boolean) => xs.length > 0 && xs.every(p);

/** Every wording a reading may take, and the contacts it names. */
const SENTENCES: Sentence[] = [
  // one campaign
  [new RegExp(`^were sent ${ONE}$`), (m) => (k) => wasSent(k, only(m[1]!))],
  [new RegExp(`^were not sent ${ONE}$`), (m) => (k) => !wasSent(k, only(m[1]!))],
  [new RegExp(`^${DID} ${ONE}$`), (m) => (k) => did(m[1]!, k, only(m[2]!))],
  [new RegExp(`^were sent ${ONE} and did not ${ACT} it$`), (m) => (k) => wasSent(k, only(m[1]!)) && !did(m[2]!, k, only(m[1]!))],
  [new RegExp(`^were not sent ${ONE} or did not ${ACT} it$`), (m) => (k) => !wasSent(k, only(m[1]!)) || !did(m[2]!, k, only(m[1]!))],
  [new RegExp(`^were not sent ${ONE} or ${DID} it$`), (m) => (k) => !wasSent(k, only(m[1]!)) || did(m[2]!, k, only(m[1]!))],
  // several campaigns
  [new RegExp(`^were sent any of ${SET}$`), (m) => (k) => some(campaignsNamed(m[1]!), (x) => wasSent(k, x))],
  [new RegExp(`^were sent each of ${SET}$`), (m) => (k) => every(campaignsNamed(m[1]!), (x) => wasSent(k, x))],
  [new RegExp(`^were sent none of ${SET}$`), (m) => (k) => every(campaignsNamed(m[1]!), (x) => !wasSent(k, x))],
  [new RegExp(`^were not sent at least one of ${SET}$`), (m) => (k) => some(campaignsNamed(m[1]!), (x) => !wasSent(k, x))],
  [new RegExp(`^${DID} any of ${SET}$`), (m) => (k) => some(campaignsNamed(m[2]!), (x) => did(m[1]!, k, x))],
  [new RegExp(`^${DID} each of ${SET}$`), (m) => (k) => every(campaignsNamed(m[2]!), (x) => did(m[1]!, k, x))],
  [new RegExp(`^were sent at least one of ${SET} and did not ${ACT} it$`), (m) => (k) => some(campaignsNamed(m[1]!), (x) => wasSent(k, x) && !did(m[2]!, k, x))],
  [new RegExp(`^were sent each of ${SET} and ${DID} none of them$`), (m) => (k) => every(campaignsNamed(m[1]!), (x) => wasSent(k, x) && !did(m[2]!, k, x))],
  // contact fields: the noun must be the field's, with the right article
  [/^whose (.+) is not (\S+) or is blank$/, (m, c) => noun(m[1]!, c, (k) => TEXT[k]?.toLowerCase() !== m[2]!.toLowerCase())],
  [/^whose (.+) is (\S+)$/, (m, c) => noun(m[1]!, c, (k) => TEXT[k]?.toLowerCase() === m[2]!.toLowerCase())],
  [/^whose (.+) starts with (\S+)$/, (m, c) => noun(m[1]!, c, (k) => !!TEXT[k]?.toLowerCase().startsWith(m[2]!.toLowerCase()))],
  [/^whose (.+) contains (\S+)$/, (m, c) => noun(m[1]!, c, (k) => !!TEXT[k]?.toLowerCase().includes(m[2]!.toLowerCase()))],
  [/^have no tag$/, () => (k) => TAGS[k]!.length === 0],
  [/^have no (.+)$/, (m, c) => noun(m[1]!, c, (k) => isBlank(TEXT[k]))],
  [/^have (an?) (.+)$/, (m, c) => (assert.equal(m[1], /^(email|anniversary)/.test(m[2]!) ? 'an' : 'a', `article: "${m[0]}"`), noun(m[2]!, c, (k) => !isBlank(TEXT[k])))],
  [/^were (added|updated) in the last (\d+) days$/, (m) => (k) => DATED[k]! <= Number(m[2])],
  [new RegExp(`^were (added|updated) ${RANGE_WORDS}$`), () => (k) => DATED[k]! >= 3 && DATED[k]! <= 50],
  // lists and tags
  [/^are on the list (\S+)$/, (m) => (k) => LISTS[k]!.includes(m[1]!)],
  [/^are on no list$/, () => (k) => LISTS[k]!.length === 0],
  [/^are tagged (\S+)$/, (m) => (k) => TAGS[k]!.includes(m[1]!)],
  [/^are not tagged (\S+)$/, (m) => (k) => !TAGS[k]!.includes(m[1]!)],
];

/** A contact field's reading names the field: its phrase, or a custom field's name in words. */
function noun(words: string, c: Combination, who: Who): Who {
  assert.equal(words, c.field.phrase ?? c.field.name.replace(/_/g, ' '), `the field ${c.field.name} is named`);
  return who;
}

function understand(sentence: string, c: Combination): Who {
  for (const [pattern, meaning] of SENTENCES) {
    const m = pattern.exec(sentence);
    if (m) return meaning(m, c);
  }
  assert.fail(`a reading the test does not know: "${sentence}"`);
}

function readingFor(criterion: Record<string, unknown>): string {
  const file = JSON.stringify({ name: 'Reading', segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [criterion] } } });
  const text = readingOf(file);
  // "Contacts who opened …", "Contacts whose state is …".
  const m = /^Contacts (?:who (?!whose )(.+)|(whose .+))\.$/.exec(text ?? '');
  assert.ok(m, `a reading: ${text}`);
  return m[1] ?? m[2]!;
}

const selected = (criterion: Record<string, unknown>) =>
  evaluator.select(JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [criterion] } })).map((c) => c.contact_id);

// ---- the tests -----------------------------------------------------------------------------------

describe('one meaning per criterion', () => {
  it('enumerates every source, field, operator and operand form of the vocabulary', () => {
    const seen = new Set(combinations.map((c) => `${c.criterion.source}.${c.field.kind}.${c.op}.${c.form.id}`));
    for (const source of SOURCES) {
      for (const kind of new Set([...source.fields.map((f) => f.kind), ...(source.openFieldKind ? [source.openFieldKind] : [])])) {
        for (const form of fieldKind(kind).forms) for (const op of form.ops) assert.ok(seen.has(`${source.id}.${kind}.${op}.${form.id}`), `${source.id} ${kind} ${op} ${form.id}`);
      }
    }
    // 6 tracking fields x 16 (eq, ne; contains-any and contains-all x last-n-campaigns with no window, two
    // windows and param 1, x campaigns with three windows), 15 contact text fields x 6, 2 date fields x 2,
    // lists 2, tags 3.
    assert.equal(combinations.length, 195);
  });

  it('the contact table tells any, each and none apart, and sent from not sent', () => {
    const opened = (k: string, x: string) => did('open', k, x);
    const clicked = (k: string, x: string) => did('click', k, x);
    for (const set of [['A', 'B', 'C'], ['A', 'B', 'C', 'D'], ['A', 'B'], ['B', 'C', 'D'], ['B', 'C']]) {
      for (const happened of [wasSent, opened, clicked]) {
        const who = (p: (k: string) => boolean) => IDS.filter(p).join();
        const audiences = [
          who((k) => set.some((x) => happened(k, x))),
          who((k) => set.every((x) => happened(k, x))),
          who((k) => !set.some((x) => happened(k, x))),
          who((k) => set.some((x) => !happened(k, x))),
        ];
        assert.equal(new Set(audiences).size, audiences.length, `${set} ${happened.name}: any, each, none, not each`);
      }
      // "Sent and did not open" differs from "did not open" (which counts contacts not sent).
      for (const act of [opened, clicked]) {
        assert.notEqual(IDS.filter((k) => set.some((x) => wasSent(k, x) && !act(k, x))).join(), IDS.filter((k) => set.some((x) => !act(k, x))).join());
        assert.notEqual(IDS.filter((k) => set.every((x) => wasSent(k, x) && !act(k, x))).join(), IDS.filter((k) => set.every((x) => !act(k, x))).join());
      }
    }
  });

  for (const c of combinations) {
    const label = JSON.stringify(c.criterion);
    it(`${label}: the reading names who the evaluator selects`, () => {
      const sentence = readingFor(c.criterion);
      assert.doesNotMatch(sentence, /did not (open|click) (any|all)|not (opened|clicked) (any|all)|incomplete|unknown/, sentence);
      const expected = IDS.filter(understand(sentence, c));
      assert.deepEqual(selected(c.criterion), expected, `"${sentence}"`);
    });
  }
});
