/**
 * The benchmark's documents: a typical segment, one at the API's criteria cap, and stress documents of a
 * given size. Each is a valid .segment.json (pretty-printed, two-space indent, as pull writes files) with
 * the spots the benchmark edits and completes at, found by offset in the final text.
 */
import { LIMITS } from '../server/src/language/vocabulary';

export interface BenchDocument {
  label: string;
  /** Used in the document's URI: `<name>.segment.json`. */
  name: string;
  text: string;
  /** Each edit replaces `edit.length` characters at `edit.offset` by the next of `edit.variants` (same length). */
  edit: { offset: number; length: number; variants: [string, string] };
  /** Inside an `op` value string, right after its opening quote: the operators are the completions. */
  completionOffset: number;
  /** For stress documents: the offset of a planted mistake near the end, which proves the whole text was checked. */
  sentinelOffset?: number;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const uuid = (n: number) => {
  const hex = n.toString(16).padStart(12, '0').slice(-12);
  return `7c3e${hex.slice(0, 4)}-a579-43c5-bb1a-${hex}`;
};

function segmentFile(name: string, group: Json[]): { [key: string]: Json } {
  return { name, segment_criteria: { version: '1.0.0', criteria: { type: 'and', group } } };
}

const opened = (): Json => ({
  source: 'tracking',
  field: 'opened',
  op: 'contains-any',
  const_value: 'last-n-campaigns',
  param: '5',
  const_date_value: 'in-range',
  date_param: ['2017-12-15T01:16:00+0000', '2018-02-28T01:16:00+0000'],
});

const orGroup = (group: Json[]): Json => ({ type: 'or', group });
const listIs = (n: number): Json => ({ source: 'list_membership', field: 'list_id', op: 'eq', value: uuid(n) });
const contact = (field: string, op: string, value: string): Json => ({ source: 'contact', field, op, value });

const CITIES = ['Boston', 'Providence', 'Worcester', 'Springfield', 'Cambridge', 'Lowell', 'Newport', 'Warwick', 'Cranston', 'Quincy'];
const FORMS: Array<(i: number) => Json> = [
  (i) => contact('city', 'eq', `${CITIES[i % CITIES.length]} ${i}`),
  (i) => contact('company_name', 'contains-string', `Acme ${i}`),
  (i) => contact('email_address', 'starts-with', `team${i}@`),
  (i) => contact('state', 'ne', `State ${i % 50}`),
];

function finish(label: string, name: string, file: Json, editTarget: string, sentinel?: string): BenchDocument {
  const text = `${JSON.stringify(file, null, 2)}\n`;
  const at = text.lastIndexOf(`"${editTarget}"`);
  if (at < 0) throw new Error(`edit target ${editTarget} not in ${name}`);
  const last = editTarget.at(-1)!;
  const other = last === 'x' ? 'y' : 'x';
  const offset = at + editTarget.length; // the target's last character
  // The last criterion whose op is a complete `eq` or `ne`: completion inside its value string.
  const op = Math.max(text.lastIndexOf('"op": "eq",'), text.lastIndexOf('"op": "ne",'));
  const doc: BenchDocument = {
    label,
    name,
    text,
    edit: { offset, length: 1, variants: [other, last] },
    completionOffset: op + '"op": "'.length,
  };
  if (sentinel) doc.sentinelOffset = text.lastIndexOf(sentinel);
  return doc;
}

/** A typical segment, like the guide's "Grouping Data Sources" example: about 1.5 KB. */
export function typicalDocument(): BenchDocument {
  const file = segmentFile('Engaged New England directors', [
    opened(),
    orGroup([listIs(1), listIs(2)]),
    orGroup([contact('state', 'eq', 'MA'), contact('state', 'eq', 'RI')]),
    contact('title', 'eq', 'Director'),
    { source: 'tags', field: 'tag_id', op: 'ne', value: uuid(3) },
  ]);
  return finish('typical', 'typical', file, 'Director');
}

/** The cap's measure, as the product checks it: the length of the criteria serialized to the API's string. */
export function escapedCriteriaLength(file: { [key: string]: Json }): number {
  return JSON.stringify(file.segment_criteria).length;
}

/** Contact criteria in an `or` group, as many as fit under the API's 20,000-character criteria cap. */
export function capDocument(): BenchDocument {
  const cities: Json[] = [];
  const build = () => segmentFile('Delivery area', [opened(), orGroup([listIs(1), listIs(2)]), orGroup(cities)]);
  // Grow until one more criterion would pass the cap (rebuilding each time is cheap at this size).
  for (let i = 0; ; i++) {
    cities.push(contact('city', 'eq', `${CITIES[i % CITIES.length]} ${i}`));
    if (escapedCriteriaLength(build()) > LIMITS.maxCriteriaChars) {
      cities.pop();
      break;
    }
  }
  return finish('cap (20,000 chars)', 'cap', build(), String((cities.at(-1) as { value: string }).value));
}

/**
 * About `bytes` of criteria: one `or` group of thousands of contact criteria (valid, though far over the API's
 * cap) whose last one has the unknown operator `equals`: both servers must report it, so neither stopped early.
 */
export function stressDocument(bytes: number): BenchDocument {
  const build = (n: number) => {
    const group = Array.from({ length: n }, (_, i) => FORMS[i % FORMS.length]!(i));
    group.push(contact('city', 'eq', 'Last stop'), { source: 'contact', field: 'city', op: 'equals', value: 'Sentinel' });
    return segmentFile('Stress', [orGroup(group)]);
  };
  // The size grows linearly with the count: measure a probe and scale.
  const probe = JSON.stringify(build(1000), null, 2).length;
  const count = Math.max(1, Math.round((1000 * bytes) / probe));
  const mb = bytes / (1024 * 1024);
  return finish(`stress ${mb} MB`, `stress-${mb}mb`, build(count), 'Last stop', '"equals"');
}

export const formatSize = (chars: number) =>
  chars >= 1024 * 1024 ? `${(chars / (1024 * 1024)).toFixed(2)} MB` : chars >= 1024 ? `${(chars / 1024).toFixed(1)} KB` : `${chars} B`;
