/**
 * Schema validation with ajv, compiled once, and the translation of ajv's errors into problems in the
 * user's terms, each on the smallest offending node. Messages are written from the criterion's own
 * source, field and operator (read from the vocabulary), never from ajv's wording.
 */
import type { ErrorObject } from 'ajv';
import type { Node } from 'jsonc-parser';
import * as generated from './generated/validators.js';
import { isGroupLike, keyNode, nodeAt, type PlainValues, property, propertyNode, spanOf, type View } from './document';
import type { SuggestingCode } from './codes';
import { oneOf, problem, type Problem, type Problems, q } from './problems';
import { isUncheckedSource, nearMiss } from './nearMiss';
import { closest } from './text';
import type { Span } from './types';
import {
  CONST_DATE_VALUES,
  CRITERION_KEYS,
  CRITERIA_VERSION,
  DATE_PATTERN,
  FILE_KEYS,
  type FieldKindId,
  GROUP_KEYS,
  GROUP_TYPES,
  LIMITS,
  NON_BLANK_PATTERN,
  OP_IDS,
  type OpId,
  SEGMENT_CRITERIA_KEYS,
  SOURCE_IDS,
  SYNONYMS,
  constValuesFor,
  fieldSpec,
  formOf,
  opsForKind,
  sourceSpec,
  valueKindLabel,
} from './vocabulary';

export type SchemaTarget = 'file' | 'segmentCriteria' | 'topGroup';

// Compiled to standalone code at build time (scripts/generate-schema.ts): nothing to compile at start-up.
const validators: Record<SchemaTarget, generated.GeneratedValidator> = generated;

/** Validates `node` (in `view`) against part of the schema and adds what is wrong to `out`. */
export function validateSchema(view: View, node: Node, target: SchemaTarget, out: Problems, values: PlainValues): void {
  const validate = validators[target];
  if (validate(values.of(view, node))) return;
  for (const err of validate.errors ?? []) {
    const problem = translate(view, node, err);
    if (problem) out.add(problem);
  }
}


function pathOf(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

interface Where {
  view: View;
  node: Node;
  path: (string | number)[];
  /** The object holding the offending value, and the value's key in it. */
  parent?: Node;
  key?: string | number;
}

/** A criterion's context, for messages. */
function criterionContext(obj: Node | undefined) {
  const source = property(obj, 'source')?.value;
  const fieldName = property(obj, 'field')?.value;
  const op = property(obj, 'op')?.value as OpId | undefined;
  const constValue = property(obj, 'const_value')?.value;
  const spec = sourceSpec(source);
  const field = spec ? fieldSpec(spec, fieldName) : undefined;
  return { source, fieldName, op, constValue, spec, field, kind: field?.kind as FieldKindId | undefined };
}

/** How the criterion reads in a message: `"contains-any" on opened`. */
function onField(ctx: ReturnType<typeof criterionContext>): string {
  const f = typeof ctx.fieldName === 'string' ? ` on ${ctx.fieldName}` : '';
  return `"${String(ctx.op)}"${f}`;
}

/** Whether an object is a group member (criterion or group), rather than the file or segment_criteria. */
function isMemberPath(path: (string | number)[]): boolean {
  return typeof path[path.length - 1] === 'number';
}

function keysFor(where: Where): readonly string[] {
  const p = where.path;
  if (p.length === 0 && where.view.inner === false && where.node.type === 'object' && property(where.node, 'criteria') && !property(where.node, 'name')) {
    return SEGMENT_CRITERIA_KEYS;
  }
  const obj = where.node;
  if (isGroupLike(obj)) return GROUP_KEYS;
  if (isMemberPath(p)) return CRITERION_KEYS;
  if (p[p.length - 1] === 'segment_criteria' || where.view.inner && p.length === 0) return SEGMENT_CRITERIA_KEYS;
  if (p[p.length - 1] === 'criteria') return GROUP_KEYS;
  return FILE_KEYS;
}

function what(keys: readonly string[]): string {
  if (keys === CRITERION_KEYS) return 'a criterion';
  if (keys === GROUP_KEYS) return 'a group';
  if (keys === SEGMENT_CRITERIA_KEYS) return '"segment_criteria"';
  return 'a segment file';
}

/** The span to mark for an object that lacks something: its key when it has one, else its opening brace. */
function objectMark(view: View, obj: Node): Span {
  const k = keyNode(obj);
  if (k) return spanOf(view, k);
  return spanOf(view, { ...obj, length: 1 });
}

/**
 * The criterion holding the value at `path`, when its source is left unchecked (see nearMiss.ts). Its
 * schema errors are not this product's to report: one warning on its source says so instead.
 */
function uncheckedCriterion(root: Node, path: (string | number)[]): Node | undefined {
  for (let n = path.length; n >= 2; n--) {
    if (typeof path[n - 1] !== 'number' || path[n - 2] !== 'group') continue;
    const member = nodeAt(root, path.slice(0, n));
    return member && isUncheckedSource(property(member, 'source')?.value) ? member : undefined;
  }
  return undefined;
}

function uncheckedSource(view: View, criterion: Node): Problem | undefined {
  const source = property(criterion, 'source');
  if (!source) return undefined;
  return problem(
    'unchecked-source',
    spanOf(view, source),
    `${q(source.value)} is not a source this product knows (${oneOf(SOURCE_IDS)}); the web UI makes others, such as ecommerce activity. This criterion is not checked here and is kept exactly as written: Constant Contact checks it on deploy.`,
    { source: source.value },
  );
}

function translate(view: View, root: Node, err: ErrorObject): Problem | undefined {
  const path = pathOf(err.instancePath);
  const unchecked = uncheckedCriterion(root, path);
  if (unchecked) return uncheckedSource(view, unchecked);
  const node = nodeAt(root, path) ?? (path.length === 0 ? root : undefined);
  if (!node) return undefined;
  const key = path[path.length - 1];
  const parent = node.parent?.type === 'property' ? node.parent.parent : node.parent;
  const where: Where = { view, node, path, parent, key };
  const span = spanOf(view, node);
  const ctx = criterionContext(parent);

  switch (err.keyword) {
    case 'required': {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      return missingKey(where, missing);
    }
    case 'dependencies': {
      const { property: has, missingProperty } = err.params as { property: string; missingProperty: string };
      const present = propertyNode(node, has);
      const mark = present?.children?.[0] ? spanOf(view, present.children[0]) : objectMark(view, node);
      const message =
        missingProperty === 'date_param'
          ? `"const_date_value": ${q(property(node, 'const_date_value')?.value)} needs "date_param": ${property(node, 'const_date_value')?.value === 'in-range' ? 'the two dates [start, end]' : `the number of days (1 to ${LIMITS.maxDays})`}.`
          : `"date_param" needs "const_date_value": "in-range" for [start, end] dates, or "last-n-days" for a number of days.`;
      return problem('missing-key', mark, message, { key: missingProperty });
    }
    case 'additionalProperties': {
      const extra = (err.params as { additionalProperty: string }).additionalProperty;
      const prop = propertyNode(node, extra);
      const k = prop?.children?.[0];
      if (!k) return undefined;
      // The request and fragment shapes are reported (with their fix) by the shape check.
      if (path.length === 0 && !view.inner && extra === 'criteria' && !property(node, 'segment_criteria')) return undefined;
      const keys = keysFor(where);
      const suggestion = closest(extra, keys);
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
      return problem('unknown-key', spanOf(view, k), `Unknown key "${extra}" in ${what(keys)}.${hint} Keys of ${what(keys)}: ${keys.join(', ')}.`, { key: extra, suggestion });
    }
    case 'enum':
      return badEnum(where, span, ctx);
    case 'const': {
      if (key === 'type') {
        return problem(
          'top-not-and',
          span,
          `The top of the criteria must be an "and" group, not ${q(node.value)}: the API requires segment_criteria to begin with an and. Wrap this group in an "and".`,
          { fix: 'wrap-in-and' },
        );
      }
      if (key === 'version') {
        return problem('unsupported-version', span, `"version" must be "${CRITERIA_VERSION}", not ${q(node.value)}.`, { expected: CRITERIA_VERSION });
      }
      return undefined;
    }
    case 'type':
      return wrongType(where, span, (err.params as { type: string | string[] }).type);
    case 'pattern': {
      const pattern = (err.params as { pattern: string }).pattern;
      if (pattern === NON_BLANK_PATTERN) {
        // An empty name is minLength's to report.
        if (key !== 'name' || node.value === '') return undefined;
        return problem('empty-name', span, 'The segment name is only whitespace: give the segment a name, unique in the account (Constant Contact refuses a blank one).');
      }
      if (pattern === DATE_PATTERN) {
        return problem('invalid-date', span, `${q(node.value)} is not a date and time: write it like 2017-12-15T01:16:00+0000.`);
      }
      return problem('invalid-number', span, `${q(node.value)} is not a whole number: write a number such as 5 or a numeric string such as "5".`);
    }
    case 'minItems':
    case 'maxItems': {
      if (key === 'group') {
        if (err.keyword === 'minItems') {
          return problem('empty-group', span, 'This group is empty and cannot select anyone: add criteria to it, or remove the group.');
        }
        return undefined;
      }
      return problem('invalid-date-range', span, `"in-range" needs exactly two dates in "date_param": [start, end], not ${node.children?.length ?? 0}.`);
    }
    case 'minLength': {
      if (key === 'name') return problem('empty-name', span, 'The segment needs a name: it must not be empty, and must be unique in the account.');
      if (key === 'value') {
        const vk = ctx.kind && ctx.op ? formOf(ctx.kind, ctx.op, undefined)?.value : undefined;
        const alt = ctx.kind === 'list' || ctx.kind === 'tag' ? ' (for none at all, use "const_value": "none" instead of "value")' : ctx.kind === 'contact-text' ? ' (to test for an empty field, use "const_value": "blank" instead of "value")' : '';
        return problem('empty-value', span, `"value" is empty: give ${vk ? valueKindLabel(vk) : 'a value'}${alt}.`);
      }
      if (key === 'field') return problem('empty-value', span, '"field" is empty: name the field to test.');
      return undefined;
    }
    case 'maxLength': {
      if (key !== 'name' || typeof node.value !== 'string') return undefined;
      const length = node.value.length;
      return problem(
        'name-too-long',
        span,
        `The segment name is ${length.toLocaleString('en-US')} characters long: Constant Contact accepts at most ${LIMITS.maxNameChars}. Shorten it by ${(length - LIMITS.maxNameChars).toLocaleString('en-US')}.`,
        { length, max: LIMITS.maxNameChars },
      );
    }
    case 'false schema':
      return notAllowed(where, ctx);
    case 'minimum':
    case 'maximum':
      // Numeric limits are checked by the rules, for numbers and numeric strings alike.
      if (key === 'segment_id') return problem('wrong-type', span, '"segment_id" must be a positive whole number. It is written by deploy and pull: do not edit it by hand.');
      return undefined;
    default:
      return undefined;
  }
}

function missingKey(where: Where, missing: string): Problem | undefined {
  const { view, node, path } = where;
  const mark = objectMark(view, node);
  const ctx = criterionContext(node);
  const base = (message: string, allowed?: readonly string[]) => problem('missing-key', mark, message, allowed ? { key: missing, allowed } : { key: missing });
  if (path.length === 0 && !view.inner) {
    // The shape check reports request/fragment shapes; the version rule reports a missing version.
    if (missing === 'segment_criteria' && property(node, 'criteria')) return undefined;
    if (missing === 'name') return base('The segment needs a "name": add "name": "…", unique in the account.');
    if (missing === 'segment_criteria') return base('The segment needs "segment_criteria": { "version": "1.0.0", "criteria": { "type": "and", "group": [ … ] } }.');
  }
  if (missing === 'criteria') return base('"segment_criteria" needs "criteria": the top group, { "type": "and", "group": [ … ] }.');
  if (missing === 'type') return base('A group needs "type": "and" or "or".');
  if (missing === 'group') return base('A group needs "group": the list of its members.');
  if (missing === 'source') return base(`A criterion needs "source": ${oneOf(SOURCE_IDS)}.`);
  if (missing === 'field') {
    const fields = ctx.spec ? ctx.spec.fields.map((f) => f.name) : [];
    return base(`A criterion needs "field"${fields.length ? `: for ${ctx.spec!.id}, ${oneOf(fields.slice(0, 8))}${fields.length > 8 ? ' …' : ''}` : ''}.`);
  }
  if (missing === 'op') {
    const ops = ctx.kind ? opsForKind(ctx.kind) : OP_IDS;
    return base(`A criterion needs "op": ${oneOf(ops)}.`);
  }
  if (missing === 'const_value' && ctx.kind && ctx.op) {
    return base(`${onField(ctx)} needs "const_value": ${oneOf(constValuesFor(ctx.kind, ctx.op))}.`, constValuesFor(ctx.kind, ctx.op));
  }
  if (missing === 'param') {
    return base(`"last-n-campaigns" needs "param": the number of campaigns, 1 to ${LIMITS.maxCampaigns}.`);
  }
  if (missing === 'date_param') {
    const cv = property(node, 'const_value')?.value;
    return base(`${q(cv)} needs "date_param": ${cv === 'in-range' ? 'the two dates [start, end]' : `the number of days, 1 to ${LIMITS.maxDays}`}.`);
  }
  if (missing === 'value' && ctx.kind && ctx.op) {
    const form = formOf(ctx.kind, ctx.op, undefined);
    const alts = constValuesFor(ctx.kind, ctx.op);
    const alt = alts.length ? `, or "const_value": ${oneOf(alts)}` : '';
    return base(`${onField(ctx)} needs "value": ${form?.value ? valueKindLabel(form.value) : 'a value'}${alt}.`);
  }
  return base(`Missing "${missing}".`);
}

function badEnum(where: Where, span: Span, ctx: ReturnType<typeof criterionContext>): Problem | undefined {
  const { node, key } = where;
  const value = node.value;
  const shown = q(value);
  // Sources and operators also have synonyms ("equals" for eq): one table, in the vocabulary.
  const synonyms = key === 'source' ? SYNONYMS.source : key === 'op' ? SYNONYMS.op : {};
  const mk = (code: Exclude<SuggestingCode, 'unknown-key'>, allowed: readonly string[], message: string) => {
    const near = typeof value === 'string' ? nearMiss(value, allowed, synonyms) : undefined;
    const suggestion = near?.word;
    // A synonym's meaning is plain from the list of what to use; a typo's is worth naming.
    const hint = near?.how === 'spelling' ? ` Did you mean "${near.word}"?` : '';
    return problem(code, span, message + hint, { key, value, suggestion, allowed });
  };
  switch (key) {
    case 'source':
      return mk('unknown-source', SOURCE_IDS, `${shown} is not a data source: use ${oneOf(SOURCE_IDS)}.`);
    case 'field': {
      const fields = ctx.spec?.fields.map((f) => f.name) ?? [];
      return mk('unknown-field', fields, `${shown} is not a field of ${String(ctx.source)}: use ${oneOf(fields)}.`);
    }
    case 'op': {
      const ops = ctx.kind ? opsForKind(ctx.kind) : OP_IDS;
      const on = ctx.kind ? ` for ${ctx.spec?.id} field ${q(ctx.fieldName)}` : '';
      return mk('unknown-op', ops, `${shown} is not an operator${on}: use ${oneOf(ops)}.`);
    }
    case 'const_value': {
      const allowed = ctx.kind && ctx.op && OP_IDS.includes(ctx.op) ? constValuesFor(ctx.kind, ctx.op) : [];
      if (allowed.length === 0) {
        return mk('invalid-const-value', [], `${shown} is not a const_value${ctx.op ? ` for ${onField(ctx)}` : ''}.`);
      }
      return mk('invalid-const-value', allowed, `${shown} is not a const_value for ${onField(ctx)}: use ${oneOf(allowed)}.`);
    }
    case 'const_date_value': {
      const allowed = CONST_DATE_VALUES.map((c) => c.id);
      return mk('invalid-const-date-value', allowed, `${shown} is not a date window: use "in-range" (two dates in date_param) or "last-n-days" (a number of days in date_param).`);
    }
    case 'type': {
      const allowed = GROUP_TYPES.map((g) => g.id);
      return mk('invalid-group-type', allowed, `${shown} is not a group type: use "and" or "or".`);
    }
    default:
      return undefined;
  }
}

function wrongType(where: Where, span: Span, expected: string | string[]): Problem | undefined {
  const { key, node } = where;
  const types = Array.isArray(expected) ? expected : [expected];
  const words: Record<string, string> = { object: 'an object { … }', array: 'a list [ … ]', string: 'a string', integer: 'a whole number', number: 'a number' };
  let message: string;
  if (key === 'param') message = `"param" must be a whole number of campaigns, such as 5 or "5".`;
  else if (key === 'date_param') message = `"date_param" must be [start, end] dates for in-range, or a number of days for last-n-days.`;
  else if (key === 'segment_criteria') message = '"segment_criteria" must be an object { "version": "1.0.0", "criteria": { … } } (or the escaped string the API uses).';
  else if (typeof key === 'number') message = `A group's members must be criteria or groups (objects { … }), not ${node.type}.`;
  else message = `${key === undefined ? 'The document' : `"${key}"`} must be ${types.map((t) => words[t] ?? t).join(' or ')}, not ${node.type === 'null' ? 'null' : `${node.type === 'object' ? 'an' : 'a'} ${node.type}`}.`;
  return problem('wrong-type', span, message, { key, expected: types });
}

/** A key the criterion's form does not use (the guide's prose puts tracking's days in `value`: that gets its own code). */
function notAllowed(where: Where, ctx: ReturnType<typeof criterionContext>): Problem | undefined {
  const { view, node, key, parent } = where;
  const prop = node.parent?.type === 'property' ? node.parent : undefined;
  if (!prop || typeof key !== 'string') return undefined;
  const span = spanOf(view, prop);
  if (key === 'value' && ctx.constValue === 'campaigns' && ctx.spec?.id === 'tracking' && /^\s*\d+\s*$/.test(String(node.value)) && !property(parent, 'date_param')) {
    return problem(
      'days-in-value',
      span,
      `Put the number of days in "date_param" with "const_date_value": "last-n-days", not in "value" (the guide's prose says value; its example and the API use date_param).`,
      { days: node.value },
    );
  }
  let why: string;
  if (key === 'const_value') why = `${onField(ctx)} compares with "value" and takes no "const_value"`;
  else if (ctx.constValue !== undefined) why = `${q(key)} is not used with "const_value": ${q(ctx.constValue)}`;
  else why = `${q(key)} is not used with ${onField(ctx)}`;
  return problem('key-not-allowed', span, `${why}: remove it.`, { key });
}
