/** A problem found by a check, before it becomes a diagnostic (spans in document offsets). */
import { type Code, CODES, type DataOf, type SignedInCode } from './codes';
import type { Severity, Span } from './types';

interface ProblemOf<C extends Code> {
  code: C;
  severity: Severity;
  message: string;
  span: Span;
  data?: DataOf<C>;
}

/** One code's problem; without a code, any code's (a union, so that narrowing the code narrows `data`). */
export type Problem<C extends Code = Code> = { [K in C]: ProblemOf<K> }[C];

/** `data` is required for the codes that always carry it, optional where it may be absent, barred where there is none. */
type DataArgs<C extends Code> = [DataOf<C>] extends [undefined] ? [] : undefined extends DataOf<C> ? [data?: DataOf<C>] : [data: DataOf<C>];

/** The one way a check makes a problem: its severity is the registry's. */
export function problem<C extends Code>(code: C, span: Span, message: string, ...data: DataArgs<C>): Problem<C> {
  const p: ProblemOf<C> = { code, severity: CODES[code].severity, message, span };
  if (data.length) p.data = data[0];
  return p as Problem<C>;
}

/** The same problem at the severity the registry gives it once the account's data settles the question. */
export function signedIn<C extends SignedInCode>(p: Problem<C>): Problem<C> {
  return { ...p, severity: CODES[p.code].signedIn };
}

/** Collects problems, dropping exact repeats (the schema and a rule may see the same thing). */
export class Problems {
  readonly list: Problem[] = [];
  private readonly seen = new Set<string>();

  add(p: Problem): void {
    const key = `${p.code}@${p.span.offset}:${p.span.length}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(p);
  }
}

/** Quotes a user's value for a message, shortened when long. */
export function q(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return `"${s.length > 60 ? s.slice(0, 57) + '…' : s}"`;
}

/** "a, b or c" */
export function oneOf(items: readonly string[], word = 'or'): string {
  const quoted = items.map((i) => `"${i}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${word} ${quoted[quoted.length - 1]}`;
}
