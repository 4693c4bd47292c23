/**
 * The plain-English reading of criteria, for hovers and the outline:
 * "contacts who opened any of the last 5 campaigns and whose state is MA or RI".
 */
import { type CriterionNode, type GroupNode, type MemberNode } from './document';
import type { AccountData } from './types';
import { LIMITS, fieldSpec, sourceSpec } from './vocabulary';
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

/** One criterion, read as the end of "contacts who …". */
export function criterionText(c: CriterionNode, account?: AccountData): string {
  const source = sourceSpec(val(c, 'source'));
  if (!source) return 'match an unknown source';
  const field = fieldSpec(source, val(c, 'field'));
  if (!field) return `match an unknown ${source.id} field`;
  const op = val(c, 'op');
  const cv = val(c, 'const_value');
  const value = val(c, 'value');
  switch (field.kind) {
    case 'tracking-activity': {
      if (op === 'eq' || op === 'ne') {
        const campaign = nameOf(value, account?.campaignActivities);
        return op === 'eq' ? `${field.phrase} campaign activity ${campaign}` : `are not among those who ${field.phrase} campaign activity ${campaign}`;
      }
      const quant = op === 'contains-all' ? 'all' : 'any';
      const window = windowText(val(c, 'const_date_value'), c.props.get('date_param'));
      if (cv === 'last-n-campaigns') {
        const n = wholeNumber(c.props.get('param'));
        const what = n === 1 ? 'the last campaign' : `${quant} of the last ${n ?? 'N'} campaigns`;
        return `${field.phrase} ${what}${window ? ` sent${window}` : ''}`;
      }
      return `${field.phrase} ${quant} of the campaigns sent${window || ` in the last ${LIMITS.defaultWindowDays} days`}`;
    }
    case 'contact-date':
      return `${field.phrase}${windowText(cv, c.props.get('date_param'))}`;
    case 'contact-text': {
      if (cv === 'blank') return op === 'eq' ? `have no ${field.phrase}` : `have a ${field.phrase}`;
      const v = typeof value === 'string' ? value : String(value);
      const verbs: Record<string, string> = { eq: 'is', ne: 'is not', 'starts-with': 'starts with', 'contains-string': 'contains' };
      const verb = verbs[String(op)] ?? `(${op === undefined || op === '' ? 'no operator' : `operator ${String(op)}`})`;
      return `whose ${field.phrase} ${verb} ${v}`;
    }
    case 'list':
      return cv === 'none' ? 'are on no list' : `are on the list ${nameOf(value, account?.lists)}`;
    case 'tag':
      if (cv === 'none') return 'have no tag';
      return op === 'ne' ? `are not tagged ${nameOf(value, account?.tags)}` : `are tagged ${nameOf(value, account?.tags)}`;
  }
}

/** Joins an `or` group of one contact field and operator compactly: "whose state is MA or RI". */
function compactOr(members: MemberNode[], account?: AccountData): string | undefined {
  if (members.length < 2 || members.some((m) => m.kind !== 'criterion')) return undefined;
  const cs = members as CriterionNode[];
  const [first] = cs;
  const same = (k: string) => cs.every((c) => val(c, k) === val(first!, k));
  if (!same('source') || !same('field') || !same('op') || val(first!, 'const_value') !== undefined) return undefined;
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
  return parts.join(` ${word} `);
}

export function reading(g: GroupNode, account?: AccountData): string {
  return `Contacts who ${groupText(g, account)}.`;
}
