/**
 * The smallest single replacement that turns one text into another (common prefix and suffix kept), so a
 * write-back through a WorkspaceEdit touches only what changed: cursors, folding and undo stay sensible.
 */
export interface Replacement {
  /** Offset in the original text. */
  offset: number;
  /** Characters of the original text replaced. */
  length: number;
  text: string;
}

export function minimalReplacement(before: string, after: string): Replacement | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a surrogate pair or a CRLF.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before[start] === '\n' && before[start - 1] === '\r'))) start--;
  return { offset: start, length: endBefore - start, text: after.slice(start, endAfter) };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
