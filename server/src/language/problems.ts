/** A problem found by a check, before it becomes a diagnostic (spans in document offsets). */
import type { Severity, Span } from './types';

export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  data?: unknown;
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
