/**
 * Snippets built from the vocabulary: a whole segment file, one criterion per operand form of each
 * source's fields, and an "or" group per source. A placeholder that stands for a choice (a field, an
 * operator) lists its choices (`${1|eq,ne|}`); words a form fixes (its source, its const_value) are
 * written out. The contributed snippets file (written by scripts/generate-snippets.ts), completion in an
 * empty document, the quick fix on `empty-document` and the "New Segment File" command all read this.
 */
import { CRITERIA_VERSION, FIELD_KINDS, type FieldKindId, type OperandForm, SOURCES, type SourceSpec, valueKindLabel } from './vocabulary';

export interface SegmentSnippet {
  /** The snippet's title: its key in the snippets file. */
  name: string;
  /** What to type to get it. */
  prefix: string;
  description: string;
  /** Snippet syntax, indented with tabs: editors indent it with the document's own settings. */
  body: string;
  /** The whole-file snippet, offered for a new file. */
  isFileTemplate?: boolean;
}

/** The criterion the whole-segment snippet starts with: the guide's first example, valid as it stands. */
const STARTER = { form: 'tracking-last-n-campaigns', field: 'opened' };

/** Numbers tab stops in the order they are written. */
class Stops {
  private n = 0;
  next(): number {
    return ++this.n;
  }
  /** A fixed word when there is one choice, else a choice placeholder (`first` as its default). */
  choice(values: readonly string[], first?: string): string {
    const ordered = first && values.includes(first) ? [first, ...values.filter((v) => v !== first)] : values;
    return ordered.length === 1 ? ordered[0]! : `\${${this.next()}|${ordered.join(',')}|}`;
  }
  placeholder(text: string): string {
    return `\${${this.next()}:${text}}`;
  }
}

const fieldsOf = (source: SourceSpec, kind: FieldKindId) => source.fields.filter((f) => f.kind === kind).map((f) => f.name);

/** A criterion's key/value pairs (snippet syntax) for one form of one field kind of a source. */
function criterionPairs(source: SourceSpec, kind: FieldKindId, form: OperandForm, stops: Stops, field?: { text?: string; first?: string }): [string, string][] {
  const pairs: [string, string][] = [
    ['source', `"${source.id}"`],
    ['field', `"${field?.text ?? stops.choice(fieldsOf(source, kind), field?.first)}"`],
    ['op', `"${stops.choice(form.ops)}"`],
  ];
  if (form.value) pairs.push(['value', `"${stops.placeholder(valueKindLabel(form.value).replace(/^an? /, ''))}"`]);
  if (form.constValue) pairs.push(['const_value', `"${form.constValue}"`]);
  if (form.param) pairs.push(['param', `"${stops.placeholder(String(Math.min(5, form.param.max)))}"`]);
  // A set of campaigns without a count needs its window (else five years): the last 90 days.
  if (form.dateWindow && !form.param) pairs.push(['const_date_value', '"last-n-days"'], ['date_param', `"${stops.placeholder('90')}"`]);
  if (form.dateParam === 'range') {
    pairs.push(['date_param', `["${stops.placeholder('2024-01-01T00:00:00+0000')}", "${stops.placeholder('2024-12-31T00:00:00+0000')}"]`]);
  }
  if (form.dateParam === 'days') pairs.push(['date_param', `"${stops.placeholder('30')}"`]);
  return pairs;
}

const block = (pairs: [string, string][]): string => `{\n${pairs.map(([k, v]) => `\t"${k}": ${v}`).join(',\n')}\n}`;
const inline = (pairs: [string, string][]): string => `{ ${pairs.map(([k, v]) => `"${k}": ${v}`).join(', ')} }`;
const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);

/** Every (source, field kind, form) the vocabulary has, in its order. */
function forms(): { source: SourceSpec; kind: FieldKindId; form: OperandForm }[] {
  const out: { source: SourceSpec; kind: FieldKindId; form: OperandForm }[] = [];
  for (const source of SOURCES) {
    const kinds = [...new Set(source.fields.map((f) => f.kind))];
    for (const kind of kinds) for (const form of FIELD_KINDS.find((k) => k.id === kind)!.forms) out.push({ source, kind, form });
  }
  return out;
}

function describeForm(source: SourceSpec, form: OperandForm): string {
  const what = form.constValue ? `const_value "${form.constValue}"` : form.value ? valueKindLabel(form.value) : 'no operand';
  return `A ${source.label} criterion: ${form.ops.join(' / ')} with ${what}.`;
}

function segmentSnippet(): SegmentSnippet {
  const starter = forms().find((f) => f.form.id === STARTER.form);
  if (!starter) throw new Error(`the vocabulary has no form ${STARTER.form}`);
  const stops = new Stops();
  const name = stops.placeholder('My first segment');
  const criterion = block(criterionPairs(starter.source, starter.kind, starter.form, stops, { first: STARTER.field }));
  const body = [
    '{',
    `\t"name": "${name}",`,
    '\t"segment_criteria": {',
    `\t\t"version": "${CRITERIA_VERSION}",`,
    '\t\t"criteria": {',
    '\t\t\t"type": "and",',
    '\t\t\t"group": [',
    `\t\t\t\t${indent(criterion, '\t\t\t\t')}$0`,
    '\t\t\t]',
    '\t\t}',
    '\t}',
    '}',
  ].join('\n');
  return { name: 'Segment file', prefix: 'segment', description: 'A whole segment: its name and criteria (a top "and" group with one criterion).', body, isFileTemplate: true };
}

function criterionSnippets(): SegmentSnippet[] {
  return forms().map(({ source, kind, form }) => ({
    name: `Criterion: ${form.id}`,
    prefix: `criterion-${form.id}`,
    description: describeForm(source, form),
    body: block(criterionPairs(source, kind, form, new Stops())),
  }));
}

/** An "or" group of two criteria of one source, by its first form that names a value (a list, a tag…). */
function orGroupSnippets(): SegmentSnippet[] {
  const out: SegmentSnippet[] = [];
  for (const source of SOURCES) {
    const first = forms().find((f) => f.source === source && f.form.value);
    if (!first) continue;
    const stops = new Stops();
    const field = stops.choice(fieldsOf(source, first.kind));
    // The second member names the same field: a numbered choice repeats as a mirror.
    const mirror = /^\$\{(\d+)\|/.exec(field)?.[1];
    const a = inline(criterionPairs(source, first.kind, first.form, stops, { text: field }));
    const b = inline(criterionPairs(source, first.kind, first.form, stops, { text: mirror ? `$${mirror}` : field }));
    out.push({
      name: `Or group: ${source.id}`,
      prefix: `or-group-${source.id}`,
      description: `An "or" group of ${source.label} criteria: contacts matching either one.`,
      body: `{\n\t"type": "or",\n\t"group": [\n\t\t${a},\n\t\t${b}\n\t]\n}`,
    });
  }
  return out;
}

export const SEGMENT_SNIPPET: SegmentSnippet = segmentSnippet();

/** Every snippet: the whole segment first, then each criterion form, then the "or" groups. */
export function allSnippets(): SegmentSnippet[] {
  return [SEGMENT_SNIPPET, ...criterionSnippets(), ...orGroupSnippets()];
}

/**
 * The text a snippet inserts when every placeholder keeps its default: a choice its first value, a mirror
 * what it mirrors. Tabs at line starts become `unit` (where text goes in without a snippet engine).
 */
export function expandSnippet(body: string, unit = '  '): string {
  const defaults = new Map<string, string>();
  const placeholder = /\$\{(\d+)(?::([^}]*)|\|([^|]*)\|)\}/g;
  for (const m of body.matchAll(placeholder)) if (!defaults.has(m[1]!)) defaults.set(m[1]!, m[2] ?? m[3]!.split(',')[0]!);
  return body
    .replace(placeholder, (_, n: string) => defaults.get(n)!)
    .replace(/\$\{?(\d+)\}?/g, (_, n: string) => defaults.get(n) ?? '')
    .replace(/^\t+/gm, (tabs) => unit.repeat(tabs.length));
}
