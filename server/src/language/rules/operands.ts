/**
 * Checks on a criterion's operands that the schema cannot make: numeric limits for numbers and numeric
 * strings alike, date ranges (order, span), ids that do not look like UUIDs, unknown contact fields, and,
 * when signed in, ids the account does not have.
 */
import { getNodePath, type Node } from 'jsonc-parser';
import { type CriterionNode, spanOf } from '../document';
import { problem, type Problems, q, signedIn } from '../problems';
import type { AccountData } from '../types';
import { type FieldKindId, fieldSpec, formOf, isKnownField, LIMITS, isOp, sourceSpec, UUID_PATTERN, WHOLE_NUMBER_STRING_PATTERN } from '../vocabulary';

const MS_PER_DAY = 86_400_000;

/** The kinds of id an account holds, by the kind of field that names one: `unknown-<kind>` when it has none such. */
const ID_KINDS: Partial<Record<FieldKindId, 'list' | 'tag' | 'campaign-activity'>> = { list: 'list', tag: 'tag', 'tracking-activity': 'campaign-activity' };

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
      const span = spanOf(c.view, fieldNode);
      out.add(
        custom
          ? signedIn(problem('unknown-contact-field', span, `${q(fieldName)} is neither a standard contact field nor one of the account's custom fields.`, { field: fieldName }))
          : problem(
              'unknown-contact-field',
              span,
              `${q(fieldName)} is not a standard contact field: if it is a custom field, it must already exist in the account (sign in to check). Custom fields are named as the account names them (unverified wire name).`,
              { field: fieldName },
            ),
      );
    }
  }
  const valueNode = c.props.get('value');
  if (!field || valueNode?.type !== 'string' || valueNode.value === '') return;
  const op = c.props.get('op')?.value;
  // Only where the criterion's form takes a value (otherwise the schema already says to remove it).
  if (!isOp(op) || !formOf(field.kind, op, c.props.get('const_value')?.value)?.value) return;
  const idKind = ID_KINDS[field.kind];
  if (!idKind) return;
  const id = valueNode.value as string;
  const known =
    idKind === 'list' ? account?.lists : idKind === 'tag' ? account?.tags : account?.campaignActivities;
  const label = idKind === 'list' ? 'contact list' : idKind === 'tag' ? 'tag' : 'email campaign activity';
  if (known) {
    if (!known.some((k) => k.id.toLowerCase() === id.toLowerCase())) {
      out.add(
        problem(`unknown-${idKind}`, spanOf(c.view, valueNode), `The account has no ${label} with id ${q(id)}: pick one from the completion list (Ctrl+Space).`, {
          id,
          path: c.view.inner ? undefined : getNodePath(valueNode),
        }),
      );
    }
  } else if (!UUID_PATTERN.test(id)) {
    out.add(problem('non-uuid-id', spanOf(c.view, valueNode), `${q(id)} does not look like ${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label} id (a UUID such as 4c08372c-957a-48b5-bc45-72c7f00796cd).`));
  }
}

function checkParam(c: CriterionNode, out: Problems): void {
  const node = c.props.get('param');
  if (!node || c.props.get('const_value')?.value !== 'last-n-campaigns') return;
  const n = wholeNumber(node);
  if (n === undefined) return; // the schema reports the type
  const span = spanOf(c.view, node);
  if (n < 1 || n > LIMITS.maxCampaigns) {
    out.add(problem('too-many-campaigns', span, `"param" must be 1 to ${LIMITS.maxCampaigns} campaigns, not ${n}: the API refuses more than ${LIMITS.maxCampaigns} (400).`));
  } else if (n > LIMITS.uiMaxCampaigns) {
    out.add(problem('param-over-ui-limit', span, `The API accepts ${n} campaigns, but the Constant Contact web UI evaluates at most ${LIMITS.uiMaxCampaigns}: the segment may look different there.`));
  }
}

function checkDateParam(c: CriterionNode, out: Problems): void {
  const node = c.props.get('date_param');
  if (!node) return;
  const window = c.props.get('const_date_value')?.value ?? c.props.get('const_value')?.value;
  if (window === 'last-n-days') {
    const n = wholeNumber(node);
    if (n !== undefined && (n < 1 || n > LIMITS.maxDays)) {
      out.add(problem('days-out-of-range', spanOf(c.view, node), `"last-n-days" takes 1 to ${LIMITS.maxDays} days (five years), not ${n}.`));
    }
  } else if (window === 'in-range' && node.type === 'array' && node.children?.length === 2) {
    const [a, b] = node.children;
    const start = parseDate(a!.value);
    const end = parseDate(b!.value);
    if (start === undefined || end === undefined) return; // the schema reports bad dates
    if (start >= end) {
      out.add(problem('range-order', spanOf(c.view, node), `The range starts ${q(a!.value)}, which is not before its end ${q(b!.value)}: write [start, end].`));
    } else if ((end - start) / MS_PER_DAY > LIMITS.maxDays) {
      const days = Math.ceil((end - start) / MS_PER_DAY);
      out.add(problem('range-too-long', spanOf(c.view, node), `The range spans ${days} days: at most ${LIMITS.maxDays} days (five years) may be evaluated, or the API answers 400.`));
    }
  }
}
