/**
 * A small line diff (longest common subsequence) for showing what differs between a remote segment and
 * a local file. Segment files are short, so the quadratic table is fine; past a size it falls back to
 * showing both sides whole.
 */
export function lineDiff(before: string, after: string, labels: { before: string; after: string }): string {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
  if (a.length * b.length > 4_000_000) {
    return [...out, ...a.map((l) => `-${l}`), ...b.map((l) => `+${l}`)].join('\n') + '\n';
  }
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) out.push(` ${a[i++]}`), j++;
    else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  return out.join('\n') + '\n';
}
