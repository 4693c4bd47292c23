/** The last preview of a file, as the CodeLens above its criteria shows it: "1,532 contacts, previewed 10:42". */

export interface PreviewSummary {
  /** Contacts seen: the exact count when `exact`, else how many were loaded. */
  count: number;
  exact: boolean;
  /** Whether it was a draft (a temporary segment) rather than the deployed segment. */
  draft: boolean;
  at: Date;
}

export function formatCount(n: number, locale?: string): string {
  return n.toLocaleString(locale ?? 'en-US');
}

export function formatTime(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function describeSummary(s: PreviewSummary, locale?: string): string {
  const n = formatCount(s.count, locale);
  const contacts = `${n}${s.exact ? '' : '+'} contact${s.count === 1 && s.exact ? '' : 's'}`;
  return `${contacts}, ${s.draft ? 'draft ' : ''}previewed ${formatTime(s.at)}`;
}
