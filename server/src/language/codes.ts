/**
 * Every diagnostic code, its default severity, what it means and the shape of its `data`: one registry
 * that the checks, the quick fixes, the settings' schema and the README's table are held to. The codes are
 * stable: settings, quick fixes and CI scripts refer to them. A code that is not here, or `data` of the
 * wrong shape, does not compile.
 */
import type { JSONPath } from 'jsonc-parser';

// Here rather than in types.ts, so that types.ts can name `Code` without an import loop.
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface CodeInfo {
  /** The default: the severity settings may change it, or turn the code off. */
  severity: Severity;
  /** The severity once the account's data settles the question (signed in); see `signedIn()`. */
  signedIn?: Severity;
  summary: string;
  fix?: string;
}

const REGISTRY = {
  'syntax-error': { severity: 'error', summary: 'The text is not valid JSON (comments are allowed).' },
  'empty-document': { severity: 'error', summary: 'The file is empty.', fix: 'Insert a new segment.' },
  'wrong-type': { severity: 'error', summary: 'A value has the wrong type (a list where an object belongs, a number where text belongs).' },
  'too-large': { severity: 'warning', summary: 'The document is over 10 MB and is not checked.' },
  'too-deep': { severity: 'error', summary: 'The document nests more than 64 levels deep; checking stops there.' },
  'request-shape': { severity: 'error', summary: 'The guide\'s request shape {name, criteria}.', fix: 'Convert to the file shape.' },
  'fragment-shape': { severity: 'error', summary: 'Only a fragment of a segment (the criteria tree, or "criteria": {…}).', fix: 'Convert to a segment file.' },
  'criteria-as-string': { severity: 'info', summary: 'segment_criteria is an escaped string, as the API sends it; it is checked inside.', fix: 'Turn it into readable JSON.' },
  'missing-version': { severity: 'warning', summary: 'segment_criteria has no version.', fix: 'Add "version": "1.0.0".' },
  'unsupported-version': { severity: 'error', summary: 'The version is not "1.0.0".', fix: 'Change it to "1.0.0".' },
  'criteria-too-long': { severity: 'error', summary: 'The escaped criteria exceed the API\'s 20,000 characters.' },
  'unknown-key': { severity: 'error', summary: 'A key that the file, a group or a criterion does not have.', fix: 'Did you mean …' },
  'missing-key': { severity: 'error', summary: 'A required key is missing (name, criteria, source, field, op, value, param, date_param…).' },
  'unknown-source': { severity: 'error', summary: 'Not one of tracking, contact, list_membership, tags, but close to one (a typo, or a synonym such as "list").', fix: 'Did you mean …' },
  'unchecked-source': { severity: 'warning', summary: 'A source this product does not know (the web UI makes others, such as ecommerce activity): not checked here, kept as written; Constant Contact checks it on deploy. An error with the strict setting.' },
  'unknown-field': { severity: 'error', summary: 'Not a field of the source.', fix: 'Did you mean …' },
  'unknown-op': { severity: 'error', summary: 'Not an operator of the field (synonyms such as "equals" are fixed to the operator).', fix: 'Did you mean …' },
  'invalid-const-value': { severity: 'error', summary: 'Not a const_value of the field and operator.', fix: 'Did you mean …' },
  'invalid-const-date-value': { severity: 'error', summary: 'Not a date window (in-range, last-n-days).', fix: 'Did you mean …' },
  'invalid-group-type': { severity: 'error', summary: 'A group type other than and / or.', fix: 'Did you mean …' },
  'top-not-and': { severity: 'error', summary: 'The top of the criteria is not an "and" group.', fix: 'Wrap it in an "and".' },
  'invalid-date': { severity: 'error', summary: 'Not a date like 2017-12-15T01:16:00+0000.' },
  'invalid-number': { severity: 'error', summary: 'Not a whole number (or numeric string).' },
  'invalid-date-range': { severity: 'error', summary: 'in-range needs exactly two dates.' },
  'empty-group': { severity: 'error', summary: 'A group with no members.' },
  'empty-name': { severity: 'error', summary: 'The segment name is empty or only whitespace.' },
  'name-too-long': { severity: 'error', summary: 'The segment name is over the API\'s 255 characters.' },
  'empty-value': { severity: 'error', summary: 'value or field is empty.' },
  'key-not-allowed': { severity: 'error', summary: 'A key the criterion\'s form does not use (value with const_value none…).', fix: 'Remove it.' },
  'days-in-value': { severity: 'error', summary: 'Tracking days written in value (the guide\'s prose) instead of date_param.', fix: 'Move them to date_param.' },
  'and-in-or': { severity: 'error', summary: 'An "and" group inside an "or" group: not supported by the API.' },
  'or-in-or': { severity: 'warning', summary: 'An "or" group inside an "or" group: redundant.', fix: 'Flatten.' },
  'and-in-and': { severity: 'warning', summary: 'An "and" group inside an "and" group: redundant.', fix: 'Flatten.' },
  'mixed-sources-in-or': { severity: 'error', summary: 'Different sources joined by "or": they join with "and".' },
  'repeated-list-membership': { severity: 'error', summary: 'A second list membership criterion or group under the top "and".', fix: 'Merge into one "or" group (widens the selection; never preferred).' },
  'repeated-tags': { severity: 'error', summary: 'A second tags criterion or group under the top "and".', fix: 'Merge into one "or" group (widens the selection; never preferred).' },
  'too-many-campaigns': { severity: 'error', summary: 'param is outside 1 to 500 campaigns.' },
  'param-over-ui-limit': { severity: 'info', summary: 'param above 5: the web UI evaluates at most 5 campaigns.' },
  'days-out-of-range': { severity: 'error', summary: 'last-n-days outside 1 to 1825.' },
  'range-order': { severity: 'error', summary: 'A date range whose start is not before its end.' },
  'range-too-long': { severity: 'error', summary: 'A date range over 1825 days.' },
  'non-uuid-id': { severity: 'warning', summary: 'A list, tag or campaign activity id that does not look like a UUID.' },
  'unknown-contact-field': { severity: 'warning', signedIn: 'error', summary: 'Not a standard contact field (an error when signed in and not a custom field either).' },
  'unknown-list': { severity: 'error', summary: 'Signed in: the account has no such list.' },
  'unknown-tag': { severity: 'error', summary: 'Signed in: the account has no such tag.' },
  'unknown-campaign-activity': { severity: 'error', summary: 'Signed in: the account has no such campaign activity.' },
} as const satisfies { [C in keyof CodeData]: CodeInfo }; // exactly the codes that CodeData gives a shape

export type Code = keyof typeof REGISTRY;

/**
 * The registry. Indexable by any string as well, for what holds codes as plain strings (settings, a
 * diagnostic handed back by the editor): such a look-up may find nothing.
 */
export const CODES: { readonly [C in Code]: (typeof REGISTRY)[C] } & Readonly<Record<string, CodeInfo | undefined>> = REGISTRY;

export function isCode(s: unknown): s is Code {
  return typeof s === 'string' && Object.hasOwn(REGISTRY, s);
}

/** What a quick fix asks for, for the codes whose fix depends on the document's shape. */
type Fix<F extends string> = { fix: F };

/** The `data` each code carries: what its quick fix (or a caller, such as the preview) needs. `undefined`: none. */
export interface CodeData {
  'syntax-error': undefined;
  'empty-document': Fix<'new-segment'>;
  /** None for a bad segment_id or a non-object document. */
  'wrong-type': { key: string | number | undefined; expected: string[] } | undefined;
  'too-large': undefined;
  'too-deep': undefined;
  'request-shape': Fix<'request-to-file'>;
  'fragment-shape': Fix<'criteria-to-file' | 'segment-criteria-to-file' | 'property-fragment-to-file'>;
  'criteria-as-string': Fix<'unescape-criteria'>;
  'missing-version': Fix<'add-version'> & { inner: boolean };
  'unsupported-version': { expected: string };
  'criteria-too-long': { length: number };
  'unknown-key': { key: string; suggestion: string | undefined };
  'missing-key': { key: string; allowed?: readonly string[] };
  'unknown-source': Suggestion;
  'unchecked-source': { source: string };
  'unknown-field': Suggestion;
  'unknown-op': Suggestion;
  'invalid-const-value': Suggestion;
  'invalid-const-date-value': Suggestion;
  'invalid-group-type': Suggestion;
  'top-not-and': Fix<'wrap-in-and'>;
  'invalid-date': undefined;
  'invalid-number': undefined;
  'invalid-date-range': undefined;
  'empty-group': undefined;
  'empty-name': undefined;
  /** The name's length, and the most the API accepts. */
  'name-too-long': { length: number; max: number };
  'empty-value': undefined;
  'key-not-allowed': { key: string };
  'days-in-value': { days: string | number };
  'and-in-or': undefined;
  /** None inside an escaped criteria string, which is made readable before it is flattened. */
  'or-in-or': { path: JSONPath } | undefined;
  'and-in-and': { path: JSONPath } | undefined;
  'mixed-sources-in-or': undefined;
  /** None inside an escaped criteria string (as for flattening). */
  'repeated-list-membership': Repeated | undefined;
  'repeated-tags': Repeated | undefined;
  'too-many-campaigns': undefined;
  'param-over-ui-limit': undefined;
  'days-out-of-range': undefined;
  'range-order': undefined;
  'range-too-long': undefined;
  'non-uuid-id': undefined;
  'unknown-contact-field': { field: string };
  'unknown-list': UnknownId;
  'unknown-tag': UnknownId;
  'unknown-campaign-activity': UnknownId;
}

/** A value outside an enumeration, and the allowed value it is closest to (a typo or a synonym). */
export interface Suggestion {
  key: string | number | undefined;
  value: unknown;
  suggestion: string | undefined;
  allowed: readonly string[];
}

interface Repeated {
  path: JSONPath;
  firstPath: JSONPath;
  source: string;
}

interface UnknownId {
  id: string;
  /** None inside an escaped criteria string. */
  path: JSONPath | undefined;
}

export type DataOf<C extends Code> = CodeData[C];

/** The codes whose data names a closest allowed value: each gets a "Change to …" fix. */
export type SuggestingCode = { [C in Code]: DataOf<C> extends { suggestion: string | undefined } ? C : never }[Code];

/** The codes that a signed-in check may raise above their default severity. */
export type SignedInCode = { [C in Code]: (typeof REGISTRY)[C] extends { signedIn: Severity } ? C : never }[Code];

/**
 * Codes that the strict setting (and the CLI's --strict) makes errors, whatever their severity setting:
 * for teams that want to deploy only what this product knows.
 */
export const STRICT_ERRORS: ReadonlySet<Code> = new Set<Code>(['unchecked-source']);
