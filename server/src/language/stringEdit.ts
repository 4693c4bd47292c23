/**
 * Typing inside a string value (a city, a list id, a date) changes one token: the previous version's tree
 * is reused, with that token's value and every later offset moved, instead of reading the whole text again.
 * On a document at the criteria cap, reading it again was most of an edit's cost, and most of its garbage.
 *
 * Only the plainest case is taken: a document that read as plain JSON, criteria written as JSON (not as an
 * escaped string), an edit strictly between the quotes of one value that then holds no escape, and not a
 * group's "type" (the group tree keeps that value). Anything else is undefined: the caller parses.
 * The previous document is changed in place: it must not be used for its old text again.
 */
import type { Node } from 'jsonc-parser';
import type { SegmentDocument } from './document';
import { LIMITS } from './vocabulary';

/** A node while it is moved (jsonc-parser's type is read-only). */
type Moving = { -readonly [K in keyof Node]: Node[K] };

export function reparseStringEdit(prev: SegmentDocument, text: string): SegmentDocument | undefined {
  const old = prev.text;
  const root = prev.outer.root;
  if (!root || !prev.outer.clean || prev.syntaxErrors.length > 0 || prev.tooLarge || prev.tooDeep) return undefined;
  if (prev.shape === 'file-string-criteria' || prev.criteriaView !== prev.outer) return undefined;
  if (text.length > LIMITS.maxDocumentChars || text.charCodeAt(0) === 0xfeff) return undefined;

  // The changed span: what the two texts do not share at their start and end.
  const shortest = Math.min(old.length, text.length);
  const start = sharedStart(old, text, shortest);
  if (start === old.length && start === text.length) return undefined; // the same text
  const tail = sharedEnd(old, text, shortest - start);
  const oldEnd = old.length - tail;
  const delta = text.length - old.length;

  const token = stringAround(root, start, oldEnd);
  if (!token) return undefined;
  // Strictly between the quotes, and the value as it is now holds no quote, escape or line break: then its
  // characters are its value (an escape the edit left in place would show here).
  const closing = token.offset + token.length - 1;
  if (!(token.offset < start && oldEnd <= closing)) return undefined;
  const inner = text.slice(token.offset + 1, closing + delta);
  if (text.charCodeAt(closing + delta) !== 34 || !plainContent(inner)) return undefined;
  const parent = token.parent;
  if (parent?.type === 'property') {
    if (parent.children?.[1] !== token) return undefined; // a key: the criteria's maps are keyed by them
    if (parent.children[0]?.value === 'type') return undefined;
  }

  (token as Moving).value = inner;
  move(root, start, delta);
  prev.outer.text = text;
  prev.values?.setString(prev.outer, token, inner);
  return {
    ...prev,
    text,
    lines: prev.lines.movedTo(text, start, delta),
    syntaxErrors: [],
    innerSyntaxErrors: [],
  };
}

/** Compared a block at a time (a native comparison), then a character at a time within the block that differs. */
const BLOCK = 512;

/** How many characters `a` and `b` share at their start, up to `max`. */
function sharedStart(a: string, b: string, max: number): number {
  let i = 0;
  while (i + BLOCK <= max && a.substring(i, i + BLOCK) === b.substring(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many characters `a` and `b` share at their end, up to `max`. */
function sharedEnd(a: string, b: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && a.substring(a.length - n - BLOCK, a.length - n) === b.substring(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** The innermost string node holding [start, end), or undefined when the span is not within one. */
function stringAround(root: Node, start: number, end: number): Node | undefined {
  let node: Node | undefined = root;
  for (;;) {
    if (!node || node.offset > start || node.offset + node.length < end) return undefined;
    if (node.type === 'string') return node;
    const children: Node[] | undefined = node.children;
    if (!children?.length) return undefined;
    // Children are in text order: the last one starting at or before `start`.
    let lo = 0;
    let hi = children.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (children[mid]!.offset <= start) lo = mid;
      else hi = mid - 1;
    }
    node = children[lo];
  }
}

/** Characters a JSON string holds as they are: no quote, backslash or control character. */
function plainContent(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92 || c < 0x20) return false;
  }
  return true;
}

/** Moves every node after `at` by `delta`, and stretches the nodes that hold `at`. */
function move(node: Node, at: number, delta: number): void {
  const n = node as Moving;
  if (n.offset + n.length <= at) return; // before the edit, and so is all it holds
  if (n.offset > at) {
    n.offset += delta;
  } else if (n.offset + n.length > at) {
    n.length += delta;
  }
  if (n.colonOffset !== undefined && n.colonOffset > at) n.colonOffset += delta;
  const children = n.children;
  if (children) for (let i = 0; i < children.length; i++) move(children[i]!, at, delta);
}
