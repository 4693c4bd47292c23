/** Offsets and positions, and JSON strings decoded with a map back to their raw text. */
import type { Position, Range } from './types';

/** The text without a leading UTF-8 byte order mark (U+FEFF), which editors do not show as a character. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Converts offsets to line/character positions and back, for one text. The line starts are found on first
 * use: a check that finds nothing to report never needs them, and every edit parses the text anew.
 */
export class LineIndex {
  private lineStarts: number[] | undefined;

  constructor(readonly text: string) {}

  private get starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const text = this.text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    return (this.lineStarts = starts);
  }

  /**
   * The index of `text`, an edit of this one at `at` that added `delta` characters and no line break. The
   * line starts already found move to the new index, shifted in place (this one finds its own again if
   * asked), so an edit of a large document neither scans it again nor leaves a list of its lines behind.
   */
  movedTo(text: string, at: number, delta: number): LineIndex {
    const next = new LineIndex(text);
    const starts = this.lineStarts;
    this.lineStarts = undefined;
    if (starts) {
      for (let i = starts.length - 1; i > 0 && starts[i]! > at; i--) starts[i]! += delta;
      next.lineStarts = starts;
    }
    return next;
  }

  positionAt(offset: number): Position {
    const starts = this.starts;
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo]! };
  }

  offsetAt(position: Position): number {
    const starts = this.starts;
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const start = starts[position.line]!;
    const next = position.line + 1 < starts.length ? starts[position.line + 1]! : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  range(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }
}

/**
 * Decodes the raw text of a JSON string literal (with its quotes) and maps every decoded offset to the
 * raw offset it came from, so problems found inside an escaped `segment_criteria` string land on the
 * exact characters of the file.
 */
export function decodeStringWithMap(raw: string): { value: string; map: number[] } {
  let value = '';
  const map: number[] = [];
  const end = raw.endsWith('"') && raw.length > 1 ? raw.length - 1 : raw.length;
  let i = raw.startsWith('"') ? 1 : 0;
  while (i < end) {
    const c = raw[i]!;
    if (c !== '\\') {
      map.push(i);
      value += c;
      i++;
      continue;
    }
    const e = raw[i + 1];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (e !== undefined && e in simple) {
      map.push(i);
      value += simple[e];
      i += 2;
    } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      map.push(i);
      value += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      map.push(i);
      value += c;
      i++;
    }
  }
  map.push(end);
  return { value, map };
}

/** Damerau-free Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest of `candidates` to `word`, if close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(word.length, 3) / 3));
  return best !== undefined && bestD <= limit && bestD > 0 ? best : best !== undefined && bestD === 0 && best !== word ? best : undefined;
}

/**
 * The first bracket past `limit` levels of objects and arrays, if any. A plain loop over the characters (no
 * recursion, so no stack overflow), reading brackets exactly as jsonc-parser's scanner tokenizes them but
 * without building tokens: it runs on every check, before the parse, and the scanner cost as much as half the
 * parse. Strings end at their closing quote, a line break or the end (a backslash takes the next character,
 * whatever it is); comments hold no brackets; elsewhere every bracket is a token.
 */
export function nestingDepth(text: string, limit: number): { depth: number; offset: number } | undefined {
  const len = text.length;
  let depth = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return { depth, offset: i };
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 34 /* " */) {
      for (i++; i < len; i++) {
        const s = text.charCodeAt(i);
        if (s === 34 || s === 10 || s === 13) break;
        if (s === 92 /* \ */) i++;
      }
    } else if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        for (i += 2; i < len && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13; i++);
      } else if (next === 42 /* * */) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? len : end + 1;
      }
    }
  }
  return undefined;
}
