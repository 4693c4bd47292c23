/**
 * Minimal edits to JSON-with-comments text: bring one member of the top object to a wanted value by
 * changing only the bytes that differ (a changed scalar, a removed or inserted member or element). Every
 * other byte stays: comments, indent, line ends, the one-line or pretty layout of the parts around. New
 * values are written in the style of their neighbours (one-line beside one-line siblings, else indented
 * with the file's unit and line end).
 */
import { applyEdits, createScanner, getNodeValue, parseTree, type Edit, type Node, type ParseError } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: the values it documents.
const Kind = { Comma: 5, LineComment: 12, LineBreak: 14, Whitespace: 15, EOF: 17 } as const;

export class JsonEditError extends Error {}

/** A node's value; `__proto__` keys stay ordinary keys. */
export function nodeValue(node: Node): unknown {
  if (node.type === 'object') {
    const o: Record<string, unknown> = {};
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k && v) Object.defineProperty(o, String(k.value), { value: nodeValue(v), enumerable: true, writable: true, configurable: true });
    }
    return o;
  }
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  return getNodeValue(node);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Key order carries no meaning: values compare as JSON with sorted keys. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

// Comparing a large subtree at every level of every step is what costs: canonical forms are computed once
// per parsed node (nodes are new after each edit) and once per wanted value during one setMember call.
const nodeKeys = new WeakMap<Node, string>();
let wantKeys = new WeakMap<object, string>();

function nodeKey(node: Node): string {
  let key = nodeKeys.get(node);
  if (key !== undefined) return key;
  if (node.type === 'object') {
    const members = new Map<string, string>();
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k && v) members.set(String(k.value), nodeKey(v));
    }
    key = `{${[...members.keys()].sort().map((k) => `${JSON.stringify(k)}:${members.get(k)}`).join(',')}}`;
  } else if (node.type === 'array') {
    key = `[${(node.children ?? []).map(nodeKey).join(',')}]`;
  } else {
    key = JSON.stringify(getNodeValue(node)) ?? 'null';
  }
  nodeKeys.set(node, key);
  return key;
}

function wantKey(v: unknown): string {
  if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
  let key = wantKeys.get(v);
  if (key === undefined) {
    key = Array.isArray(v) ? `[${v.map(wantKey).join(',')}]` : `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${wantKey((v as Record<string, unknown>)[k])}`).join(',')}}`;
    wantKeys.set(v, key);
  }
  return key;
}

const same = (node: Node | undefined, want: unknown) => !!node && nodeKey(node) === wantKey(want);

export function parseRoot(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length || !root || root.type !== 'object' ? undefined : root;
}

/**
 * The text with the top object's member `key` equal to `value` (undefined removes it), by the smallest
 * edits. Throws JsonEditError when the text is not a JSON object.
 */
export function setMember(text: string, key: string, value: unknown): string {
  // A byte order mark is not JSON: edit the text after it and keep it in front.
  if (text.charCodeAt(0) === 0xfeff) return '\uFEFF' + setMember(text.slice(1), key, value);
  let style: Style | undefined;
  wantKeys = new WeakMap();
  // One difference at a time, on freshly parsed text: every edit is computed on the text it applies to.
  for (let step = 0; step < 100_000; step++) {
    const root = parseRoot(text);
    if (!root) throw new JsonEditError('The file is not a JSON object (or does not parse); nothing was changed in it.');
    style ??= styleOf(text, root);
    const edits = memberEdits(text, style, root, key, value);
    if (!edits) return text;
    text = applyEdits(text, edits);
  }
  throw new JsonEditError(`Could not write "${key}" into the text.`);
}

interface Style {
  eol: string;
  /** One level of indent. */
  unit: string;
  /** Between a key and its value, and between one-line items: ": " or ":", ", " or ",". */
  colon: string;
  comma: string;
}

function styleOf(text: string, root: Node): Style {
  const first = root.children?.[0];
  const colon = first?.colonOffset !== undefined && /[ \t]/.test(text[first.colonOffset + 1] ?? '') ? ': ' : first ? ':' : ': ';
  let comma = ', ';
  const sc = createScanner(text, false);
  // The first commas tell; a pretty file, whose commas all end lines, need not be read to its end.
  for (let k = sc.scan(), n = 0; k !== Kind.EOF && n < 5000; k = sc.scan(), n++) {
    if (k !== Kind.Comma) continue;
    const next = text[sc.getTokenOffset() + 1];
    if (next === '\n' || next === '\r') continue;
    comma = next === ' ' || next === '\t' ? ', ' : ',';
    break;
  }
  return { eol: text.includes('\r\n') ? '\r\n' : '\n', unit: indentUnit(text, root), colon, comma };
}

function indentUnit(text: string, root: Node): string {
  const member = root.children?.find((c) => startsLine(text, c.offset));
  if (member) {
    const outer = lineIndent(text, root.offset);
    const inner = lineIndent(text, member.offset);
    if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  }
  return /^([ \t]+)["{[\]}]/m.exec(text)?.[1] ?? '  ';
}

function startsLine(text: string, offset: number): boolean {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r';
}

function lineIndent(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

const end = (n: Node) => n.offset + n.length;
const source = (text: string, n: Node) => text.slice(n.offset, end(n));
const multiLine = (s: string) => /[\r\n]/.test(s);
const valueNode = (container: Node, child: Node): Node | undefined => (container.type === 'object' ? child.children?.[1] : child);

/** How a value is written: one-line or indented, and with spaces inside one-line braces or not. */
interface Layout {
  inline: boolean;
  pad: string;
}

/** The layout of a value at a place: that of the value it replaces, else of a structured sibling, else of the container. */
function layoutAt(text: string, container: Node, replaced?: Node): Layout {
  const structured = (n: Node | undefined) => !!n && (n.type === 'object' || n.type === 'array');
  const siblings = (container.children ?? []).map((c) => valueNode(container, c));
  const ref = structured(replaced) ? replaced : siblings.find((n) => n?.type === 'object') ?? siblings.find(structured);
  const inline = ref ? !multiLine(source(text, ref)) : !multiLine(source(text, container)) || !(container.children ?? []).some((c) => startsLine(text, c.offset));
  const braced = ref?.type === 'object' ? ref : container.type === 'object' ? container : undefined;
  return { inline, pad: braced && text[braced.offset + 1] === ' ' ? ' ' : '' };
}

function render(v: unknown, indent: string, layout: Layout, s: Style): string {
  const entries = Array.isArray(v) ? v.map((x) => ['', x] as const) : isObject(v) ? Object.entries(v).map(([k, x]) => [`${JSON.stringify(k)}${s.colon}`, x] as const) : undefined;
  if (!entries) return JSON.stringify(v) ?? 'null';
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  if (layout.inline) {
    const pad = Array.isArray(v) ? '' : layout.pad;
    return `${open}${pad}${entries.map(([k, x]) => k + render(x, indent, layout, s)).join(s.comma)}${pad}${close}`;
  }
  const inner = indent + s.unit;
  return `${open}${s.eol}${entries.map(([k, x]) => inner + k + render(x, inner, layout, s)).join(`,${s.eol}`)}${s.eol}${indent}${close}`;
}

/**
 * Between two offsets in a container: the first comma, where the last token (a comment too) ends, and
 * whether that token is a line comment (which what follows must not join).
 */
function gap(text: string, from: number, to: number): { comma?: number; lastEnd: number; lineComment: boolean } {
  const sc = createScanner(text, false);
  sc.setPosition(from);
  let comma: number | undefined;
  let lastEnd = from;
  let lineComment = false;
  for (let k = sc.scan(); k !== Kind.EOF && sc.getTokenOffset() < to; k = sc.scan()) {
    if (k === Kind.Comma && comma === undefined) comma = sc.getTokenOffset();
    if (k !== Kind.Whitespace && k !== Kind.LineBreak) {
      lastEnd = sc.getTokenOffset() + sc.getTokenLength();
      lineComment = k === Kind.LineComment;
    }
  }
  return comma === undefined ? { lastEnd, lineComment } : { comma, lastEnd, lineComment };
}

function lastIndexOfKey(obj: Node, key: string): number {
  const children = obj.children ?? [];
  for (let i = children.length - 1; i >= 0; i--) if (children[i]!.children?.[0]?.value === key) return i;
  return -1;
}

function memberEdits(text: string, s: Style, obj: Node, key: string, value: unknown): Edit[] | undefined {
  const i = lastIndexOfKey(obj, key);
  if (value === undefined) return i < 0 ? undefined : removeEdits(text, obj, i);
  if (i < 0) return insertEdits(text, s, obj, (obj.children ?? []).length, key, value);
  return valueEdits(text, s, obj, obj.children![i]!.children![1]!, value);
}

/** The first difference between a value's node and the wanted value, as edits (undefined when equal). */
function valueEdits(text: string, s: Style, container: Node, node: Node, want: unknown): Edit[] | undefined {
  if (same(node, want)) return undefined;
  if (node.type === 'object' && isObject(want)) {
    const children = node.children ?? [];
    for (let i = 0; i < children.length; i++) {
      const k = String(children[i]!.children?.[0]?.value);
      // A key the value no longer has, or an earlier duplicate (the last one counts).
      if (!Object.prototype.hasOwnProperty.call(want, k) || lastIndexOfKey(node, k) !== i) return removeEdits(text, node, i);
    }
    for (const [k, v] of Object.entries(want)) {
      const edits = memberEdits(text, s, node, k, v);
      if (edits) return edits;
    }
    return undefined;
  }
  if (node.type === 'array' && Array.isArray(want)) {
    const items = node.children ?? [];
    let p = 0;
    while (p < items.length && p < want.length && same(items[p], want[p])) p++;
    let q = 0;
    while (q < items.length - p && q < want.length - p && same(items[items.length - 1 - q], want[want.length - 1 - q])) q++;
    const have = items.length - p - q;
    const need = want.length - p - q;
    if (have === need) return valueEdits(text, s, node, items[p]!, want[p]);
    const inserted = need > have && (have === 0 || same(items[p], want[p + 1]));
    if (inserted || (need > have && !(have > 0 && same(items[p + 1], want[p])))) return insertEdits(text, s, node, p, undefined, want[p]);
    return removeEdits(text, node, p);
  }
  const layout = layoutAt(text, container, node);
  return [{ offset: node.offset, length: node.length, content: render(want, lineIndent(text, node.offset), layout, s) }];
}

/** Inserts a member (key given) or an element before child `index` (or after the last). */
function insertEdits(text: string, s: Style, container: Node, index: number, key: string | undefined, value: unknown): Edit[] {
  const children = container.children ?? [];
  const layout = layoutAt(text, container);
  const entry = (indent: string) => (key === undefined ? '' : `${JSON.stringify(key)}${s.colon}`) + render(value, indent, layout, s);
  const spaceAfterComma = s.comma.slice(1);
  if (children.length === 0) {
    if (!multiLine(source(text, container))) return [{ offset: container.offset + 1, length: 0, content: entry(lineIndent(text, container.offset)) }];
    const inner = lineIndent(text, container.offset) + s.unit;
    return [{ offset: container.offset + 1, length: 0, content: s.eol + inner + entry(inner) }];
  }
  if (index < children.length) {
    const next = children[index]!;
    const indent = lineIndent(text, next.offset);
    return [{ offset: next.offset, length: 0, content: `${entry(indent)},${startsLine(text, next.offset) ? s.eol + indent : spaceAfterComma}` }];
  }
  const last = children[children.length - 1]!;
  const g = gap(text, end(last), end(container) - 1);
  if (startsLine(text, last.offset)) {
    // On a line of its own, after any comment that ends the last member's line.
    const indent = lineIndent(text, last.offset);
    const content = s.eol + indent + entry(indent);
    if (g.comma !== undefined) return [{ offset: g.lastEnd, length: 0, content }];
    if (g.lastEnd === end(last)) return [{ offset: end(last), length: 0, content: `,${content}` }];
    return [
      { offset: end(last), length: 0, content: ',' },
      { offset: g.lastEnd, length: 0, content },
    ];
  }
  const indent = lineIndent(text, last.offset);
  if (g.comma !== undefined) return [{ offset: g.comma + 1, length: 0, content: (spaceAfterComma || '') + entry(indent) }];
  return [{ offset: end(last), length: 0, content: s.comma + entry(indent) }];
}

/**
 * Removes child `index` with one comma and the blank space before it. Comments around it stay, and stay
 * comments: a comma is never left after a line comment.
 */
function removeEdits(text: string, container: Node, index: number): Edit[] {
  const children = container.children ?? [];
  const child = children[index]!;
  const prevEnd = index > 0 ? end(children[index - 1]!) : container.offset + 1;
  const lead = gap(text, prevEnd, child.offset);
  const after = gap(text, end(child), children[index + 1]?.offset ?? end(container) - 1);
  const to = after.comma !== undefined ? after.comma + 1 : end(child);
  let from = lead.lastEnd;
  // After a line comment, its line break stays unless one follows the removed part anyway.
  if (lead.lineComment && !/^[ \t]*[\r\n]/.test(text.slice(to))) from += /^[ \t]*(\r\n|\n|\r)?/.exec(text.slice(from))![0].length;
  // Followed by a comma: the member and that comma go, the one before stays.
  if (after.comma !== undefined) return [{ offset: from, length: to - from, content: '' }];
  const before = index > 0 ? lead.comma : undefined;
  if (before === undefined) return [{ offset: from, length: to - from, content: '' }];
  if (from === before + 1) return [{ offset: before, length: to - before, content: '' }];
  return [
    { offset: before, length: 1, content: '' },
    { offset: from, length: to - from, content: '' },
  ];
}
