/**
 * Checks on a criterion's operands that the schema cannot make: numeric limits for numbers and numeric
 * strings alike, date ranges (order, span), ids that do not look like UUIDs, unknown contact fields, and,
 * when signed in, ids the account does not have.
 */
import { getNodePath, type Node } from 'jsonc-parser';
import { type CriterionNode, spanOf } from '../document';
import { type Problems, q } from '../problems';
import type { AccountData } from '../types';
import { fieldSpec, formOf, isKnownField, LIMITS, isOp, sourceSpec, UUID_PATTERN, WHOLE_NUMBER_STRING_PATTERN } from '../vocabulary';

const MS_PER_DAY = 86_400_000;

/** A whole number written as a number or a numeric string; undefined when it is neither. */
export function wholeNumber(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  if (node.type === 'number' && Number.isInteger(node.value)) return node.value as number;
  if (node.type === 'string' && new RegExp(WHOLE_NUMBER_STRING_PATTERN).test(node.value)) return Number(node.value);
  return undefined;
}

/** Parses the guide's dates (2017-12-15T01:16:00+0000) and ISO-8601 offsets with a colon. */
export function parseDate(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|([+-]\d{2}):?(\d{2}))$/.exec(s);
  if (!m) return undefined;
  const iso = m[2] === 'Z' ? `${m[1]}Z` : `${m[1]}${m[3]}:${m[4]}`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export function checkOperands(c: CriterionNode, out: Problems, account: AccountData | undefined): void {
  const source = sourceSpec(c.props.get('source')?.value);
  if (!source) return;
  const fieldName = c.props.get('field')?.value;
  const field = fieldSpec(source, fieldName);
  checkParam(c, out);
  checkDateParam(c, out);
  if (source.id === 'contact' && typeof fieldName === 'string' && fieldName.trim() !== '' && !isKnownField(source, fieldName)) {
    const custom = account?.customFields;
    const known = custom?.some((f) => f.name === fieldName);
    if (!known) {
      const fieldNode = c.props.get('field')!;
      out.add({
        code: 'unknown-contact-field',
        severity: custom ? 'error' : 'warning',
        message: custom
          ? `${q(fieldName)} is neither a standard contact field nor one of the account's custom fields.`
          : `${q(fieldName)} is not a standard contact field: if it is a custom field, it must already exist in the account (sign in to check). Custom fields are named as the account names them (unverified wire name).`,
        span: spanOf(c.view, fieldNode),
        data: { field: fieldName },
      });
    }
  }
  const valueNode = c.props.get('value');
  if (!field || valueNode?.type !== 'string' || valueNode.value === '') return;
  const op = c.props.get('op')?.value;
  // Only where the criterion's form takes a value (otherwise the schema already says to remove it).
  if (!isOp(op) || !formOf(field.kind, op, c.props.get('const_value')?.value)?.value) return;
  const idKind = field.kind === 'list' ? 'list' : field.kind === 'tag' ? 'tag' : field.kind === 'tracking-activity' ? 'campaign-activity' : undefined;
  if (!idKind) return;
  const id = valueNode.value as string;
  const known =
    idKind === 'list' ? account?.lists : idKind === 'tag' ? account?.tags : account?.campaignActivities;
  const label = idKind === 'list' ? 'contact list' : idKind === 'tag' ? 'tag' : 'email campaign activity';
  if (known) {
    if (!known.some((k) => k.id.toLowerCase() === id.toLowerCase())) {
      out.add({
        code: `unknown-${idKind}`,
        severity: 'error',
        message: `The account has no ${label} with id ${q(id)}: pick one from the completion list (Ctrl+Space).`,
        span: spanOf(c.view, valueNode),
        data: { id, path: c.view.inner ? undefined : getNodePath(valueNode) },
      });
    }
  } else if (!UUID_PATTERN.test(id)) {
    out.add({
      code: 'non-uuid-id',
      severity: 'warning',
      message: `${q(id)} does not look like ${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label} id (a UUID such as 4c08372c-957a-48b5-bc45-72c7f00796cd).`,
      span: spanOf(c.view, valueNode),
    });
  }
}

function checkParam(c: CriterionNode, out: Problems): void {
  const node = c.props.get('param');
  if (!node || c.props.get('const_value')?.value !== 'last-n-campaigns') return;
  const n = wholeNumber(node);
  if (n === undefined) return; // the schema reports the type
  const span = spanOf(c.view, node);
  if (n < 1 || n > LIMITS.maxCampaigns) {
    out.add({
      code: 'too-many-campaigns',
      severity: 'error',
      message: `"param" must be 1 to ${LIMITS.maxCampaigns} campaigns, not ${n}: the API refuses more than ${LIMITS.maxCampaigns} (400).`,
      span,
    });
  } else if (n > LIMITS.uiMaxCampaigns) {
    out.add({
      code: 'param-over-ui-limit',
      severity: 'info',
      message: `The API accepts ${n} campaigns, but the Constant Contact web UI evaluates at most ${LIMITS.uiMaxCampaigns}: the segment may look different there.`,
      span,
    });
  }
}

function checkDateParam(c: CriterionNode, out: Problems): void {
  const node = c.props.get('date_param');
  if (!node) return;
  const window = c.props.get('const_date_value')?.value ?? c.props.get('const_value')?.value;
  if (window === 'last-n-days') {
    const n = wholeNumber(node);
    if (n !== undefined && (n < 1 || n > LIMITS.maxDays)) {
      out.add({
        code: 'days-out-of-range',
        severity: 'error',
        message: `"last-n-days" takes 1 to ${LIMITS.maxDays} days (five years), not ${n}.`,
        span: spanOf(c.view, node),
      });
    }
  } else if (window === 'in-range' && node.type === 'array' && node.children?.length === 2) {
    const [a, b] = node.children;
    const start = parseDate(a!.value);
    const end = parseDate(b!.value);
    if (start === undefined || end === undefined) return; // the schema reports bad dates
    if (start >= end) {
      out.add({ code: 'range-order', severity: 'error', message: `The range starts ${q(a!.value)}, which is not before its end ${q(b!.value)}: write [start, end].`, span: spanOf(c.view, node) });
    } else if ((end - start) / MS_PER_DAY > LIMITS.maxDays) {
      const days = Math.ceil((end - start) / MS_PER_DAY);
      out.add({ code: 'range-too-long', severity: 'error', message: `The range spans ${days} days: at most ${LIMITS.maxDays} days (five years) may be evaluated, or the API answers 400.`, span: spanOf(c.view, node) });
    }
  }
}
