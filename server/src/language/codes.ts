/**
 * Every diagnostic code, its default severity and what it means. The codes are stable: settings, quick
 * fixes and CI scripts refer to them. The README's table and the settings' schema are checked against this.
 */
import type { Severity } from './types';

export interface CodeInfo {
  severity: Severity;
  summary: string;
  fix?: string;
}

export const CODES: Record<string, CodeInfo> = {
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
  'empty-name': { severity: 'error', summary: 'The segment name is empty.' },
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
  'unknown-contact-field': { severity: 'warning', summary: 'Not a standard contact field (an error when signed in and not a custom field either).' },
  'unknown-list': { severity: 'error', summary: 'Signed in: the account has no such list.' },
  'unknown-tag': { severity: 'error', summary: 'Signed in: the account has no such tag.' },
  'unknown-campaign-activity': { severity: 'error', summary: 'Signed in: the account has no such campaign activity.' },
};

/**
 * Codes that the strict setting (and the CLI's --strict) makes errors, whatever their severity setting:
 * for teams that want to deploy only what this product knows.
 */
export const STRICT_ERRORS: ReadonlySet<string> = new Set(['unchecked-source']);
