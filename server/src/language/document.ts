/**
 * Text -> jsonc-parser tree -> segment tree (groups and criteria) with exact spans.
 *
 * A file can hold its criteria in several shapes: the file shape (`segment_criteria` as an object, or as an
 * escaped string pasted from the API), the guide's request shape (`{name, criteria}`), or a fragment (just
 * `{version, criteria}` or just the top group). Each is located here once, so the checks, completions and
 * hovers work on all of them alike.
 */
import { type Node, type ParseError, findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: its values, as documented.
export const Token = { OpenBrace: 1, CloseBrace: 2, OpenBracket: 3, CloseBracket: 4, Comma: 5, Colon: 6, String: 10, LineComment: 12, BlockComment: 13, EOF: 17 } as const;
import { isGroupShaped, LIMITS } from './vocabulary';
import { strictTree } from './strictTree';
import { decodeStringWithMap, LineIndex, nestingDepth } from './text';
import type { Span } from './types';

/** A parsed JSON tree and how its offsets map to the document (identity, or through an escaped string). */
export interface View {
  root: Node | undefined;
  /** Maps an offset of the tree's text to an offset of the document. */
  toDoc(offset: number): number;
  /** The text the tree was parsed from. */
  text: string;
  /** True for the tree parsed out of an escaped `segment_criteria` string. */
  inner: boolean;
  /** True when the text parsed without a syntax error (comments aside): see plainValue. */
  clean?: boolean;
}

export type Shape =
  | 'file'
  | 'file-string-criteria'
  | 'request'
  | 'fragment-segment-criteria'
  | 'fragment-criteria'
  | 'unknown';

export interface SegmentDocument {
  /** The document's text, with a leading byte order mark read as a blank (see parseSegmentDocument). */
  text: string;
  /** True when the document starts with a byte order mark (U+FEFF), which edits leave in place. */
  bom?: boolean;
  lines: LineIndex;
  /** Set when the document is too large or too deeply nested to parse safely. */
  tooLarge?: boolean;
  tooDeep?: { offset: number; depth: number };
  outer: View;
  syntaxErrors: ParseError[];
  shape: Shape;
  /** The view that holds the criteria (the outer one, or the one parsed from the escaped string). */
  criteriaView?: View;
  /** The `segment_criteria` object node (file shapes and the segment_criteria fragment). */
  segmentCriteriaNode?: Node;
  /** The top criteria group node. */
  criteriaNode?: Node;
  /** The top group, as a segment tree. */
  top?: GroupNode;
  /** Syntax errors inside an escaped criteria string. */
  innerSyntaxErrors: ParseError[];
  /**
   * The views' values, kept with the tree for the next check of this text (and moved along by an edit inside
   * a string value) when the document is no longer than KEPT_VALUES_CHARS: a larger one's value costs as
   * much memory as its tree.
   */
  values?: PlainValues;
}

export interface GroupNode {
  kind: 'group';
  node: Node;
  view: View;
  type: unknown;
  typeNode?: Node;
  membersNode?: Node;
  members: MemberNode[];
  parent?: GroupNode;
}

export interface CriterionNode {
  kind: 'criterion';
  node: Node;
  view: View;
  /** Value nodes by key. */
  props: Map<string, Node>;
  parent?: GroupNode;
}

export type MemberNode = GroupNode | CriterionNode;

const identity: (o: number) => number = (o) => o;

/**
 * A node's value as plain data (what jsonc-parser's getNodeValue builds). From a text that parsed without a
 * syntax error, the node's own characters are JSON, and V8's JSON.parse reads them to the same value
 * (duplicate keys included: the last wins, in the first one's place) as ordinary objects of shared shapes,
 * which the generated validators read about a third faster than the walk's null-prototype objects (building
 * them costs about the same). Comments, or blanks JSON does not allow, make it throw: the tree is walked then.
 */
export function plainValue(view: View, node: Node): unknown {
  if (view.clean) {
    try {
      return JSON.parse(view.text.slice(node.offset, node.offset + node.length));
    } catch {
      // not strict JSON: read the tree
    }
  }
  return getNodeValue(node);
}

/**
 * The values of whole views, each read once for one check: the shape check and the schema ask for the
 * values of nested nodes of the same text (the criteria, then the whole file), and each JSON.parse of a
 * document at the criteria cap cost as much as the rest of the check. Held for one check only: a large
 * document's value is as big as its tree.
 */
export class PlainValues {
  private readonly roots = new Map<View, { value: unknown } | undefined>();

  /** What plainValue(view, node) gives, read from the view's whole value when it can be. */
  of(view: View, node: Node): unknown {
    const root = view.root;
    if (!view.clean || !root) return plainValue(view, node);
    let whole = this.roots.get(view);
    if (!this.roots.has(view)) {
      try {
        whole = { value: JSON.parse(view.text) };
      } catch {
        whole = undefined; // comments: each node is read on its own
      }
      this.roots.set(view, whole);
    }
    const path = whole && pathFrom(root, node);
    if (!path) return plainValue(view, node);
    let value = whole!.value;
    for (const step of path) value = (value as Record<string | number, unknown>)[step];
    return value;
  }

  /** A string value changed in place in the view's tree (stringEdit.ts): the same change in its value. */
  setString(view: View, node: Node, value: string): void {
    const whole = this.roots.get(view);
    const path = whole && view.root && pathFrom(view.root, node);
    if (!whole || !path?.length) {
      this.roots.delete(view); // read again when next asked
      return;
    }
    let parent = whole.value;
    for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
    (parent as Record<string | number, unknown>)[path[path.length - 1]!] = value;
  }
}

/** Documents up to this long keep their values between checks (see SegmentDocument.values). */
export const KEPT_VALUES_CHARS = 1024 * 1024;

/**
 * The keys and indexes from `root` down to `node`; undefined when a key on the way is repeated later in its
 * object (the parsed value holds the last duplicate's value, the tree's lookups the first's).
 */
function pathFrom(root: Node, node: Node): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  for (let n = node; n !== root; ) {
    const p = n.parent;
    if (p?.type === 'property') {
      if (p.children?.[1] !== n) return undefined; // a key, not a value
      const object = p.parent;
      const key = p.children?.[0]?.value as string;
      const siblings = object?.children ?? [];
      for (let i = siblings.indexOf(p) + 1; i < siblings.length; i++) if (siblings[i]!.children?.[0]?.value === key) return undefined;
      if (!object) return undefined;
      path.push(key);
      n = object;
    } else if (p?.type === 'array') {
      path.push(p.children!.indexOf(n));
      n = p;
    } else {
      return undefined;
    }
  }
  return path.reverse();
}

export function property(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const p of node.children ?? []) {
    if (p.children?.[0]?.value === key) return p.children[1];
  }
  return undefined;
}

/** The property node (key + value) of `key` in an object node. */
export function propertyNode(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined;
  return node.children?.find((p) => p.children?.[0]?.value === key);
}

export function keyNode(propertyValue: Node): Node | undefined {
  return propertyValue.parent?.type === 'property' ? propertyValue.parent.children?.[0] : undefined;
}

/** A node's span in document offsets. */
export function spanOf(view: View, node: Node): Span {
  const start = view.toDoc(node.offset);
  const end = view.toDoc(node.offset + node.length);
  return { offset: start, length: Math.max(0, end - start) };
}

export function isGroupLike(node: Node): boolean {
  return node.type === 'object' && isGroupShaped((key) => property(node, key) !== undefined);
}

export function buildGroup(view: View, node: Node, parent?: GroupNode): GroupNode {
  const typeNode = property(node, 'type');
  const membersNode = property(node, 'group');
  const group: GroupNode = { kind: 'group', node, view, type: typeNode?.value, typeNode, membersNode, members: [], parent };
  if (membersNode?.type === 'array') {
    for (const child of membersNode.children ?? []) {
      if (child.type !== 'object') continue;
      // One pass over the member's properties: a criterion needs them by key, and they tell a group apart.
      const props = new Map<string, Node>();
      for (const p of child.children ?? []) {
        const k = p.children?.[0]?.value;
        const v = p.children?.[1];
        if (typeof k === 'string' && v) props.set(k, v);
      }
      if (isGroupShaped((key) => props.has(key))) group.members.push(buildGroup(view, child, group));
      else group.members.push({ kind: 'criterion', node: child, view, props, parent: group });
    }
  }
  return group;
}

/** Every criterion under a group, depth first. */
export function* criteriaOf(group: GroupNode): Generator<CriterionNode> {
  for (const m of group.members) {
    if (m.kind === 'criterion') yield m;
    else yield* criteriaOf(m);
  }
}

export function* groupsOf(group: GroupNode): Generator<GroupNode> {
  yield group;
  for (const m of group.members) if (m.kind === 'group') yield* groupsOf(m);
}

export function parseSegmentDocument(given: string): SegmentDocument {
  // A UTF-8 byte order mark (U+FEFF), which VS Code accepts and hides, is read as the blank it stands for:
  // the same length, so every offset and position is still the document's own.
  const bom = given.charCodeAt(0) === 0xfeff;
  const text = bom ? ' ' + given.slice(1) : given;
  const lines = new LineIndex(text);
  const outer: View = { root: undefined, toDoc: identity, text, inner: false };
  const doc: SegmentDocument = { text, lines, outer, syntaxErrors: [], shape: 'unknown', innerSyntaxErrors: [] };
  if (bom) doc.bom = true;
  if (text.length > LIMITS.maxDocumentChars) {
    doc.tooLarge = true;
    return doc;
  }
  // Plain JSON within the nesting limit, as most files are, is read by the fast reader; anything else by
  // jsonc-parser, which recovers from errors and reports them.
  const plain = strictTree(text, LIMITS.maxNesting);
  if (plain) {
    outer.root = plain;
  } else {
    const deep = nestingDepth(text, LIMITS.maxNesting);
    if (deep) {
      doc.tooDeep = deep;
      return doc;
    }
    outer.root = parseTree(text, doc.syntaxErrors, { allowTrailingComma: false, disallowComments: false });
  }
  outer.clean = doc.syntaxErrors.length === 0;
  locateCriteria(doc);
  return doc;
}

function locateCriteria(doc: SegmentDocument): void {
  const root = doc.outer.root;
  if (!root || root.type !== 'object') return;
  const sc = property(root, 'segment_criteria');
  if (sc) {
    if (sc.type === 'object') {
      doc.shape = 'file';
      doc.criteriaView = doc.outer;
      doc.segmentCriteriaNode = sc;
      doc.criteriaNode = property(sc, 'criteria');
    } else if (sc.type === 'string') {
      doc.shape = 'file-string-criteria';
      const raw = doc.text.slice(sc.offset, sc.offset + sc.length);
      const { value, map } = decodeStringWithMap(raw);
      const toDoc = (o: number) => sc.offset + (map[Math.max(0, Math.min(o, map.length - 1))] ?? 0);
      if (value.length > LIMITS.maxDocumentChars) return;
      // The escaped criteria sit where a readable segment_criteria object would (one level in), so they
      // get the same limit, and the same too-deep error, as readable ones.
      const inner: View = { root: undefined, text: value, inner: true, toDoc };
      inner.root = strictTree(value, LIMITS.maxNesting - 1);
      if (!inner.root) {
        const deepInside = nestingDepth(value, LIMITS.maxNesting - 1);
        if (deepInside) {
          doc.tooDeep = { offset: toDoc(deepInside.offset), depth: deepInside.depth + 1 };
          return;
        }
        inner.root = parseTree(value, doc.innerSyntaxErrors);
      }
      inner.clean = doc.innerSyntaxErrors.length === 0;
      doc.criteriaView = inner;
      if (inner.root?.type === 'object') {
        doc.segmentCriteriaNode = inner.root;
        doc.criteriaNode = property(inner.root, 'criteria');
      }
    } else {
      doc.shape = 'file';
    }
  } else if (property(root, 'criteria') && property(root, 'name') !== undefined) {
    doc.shape = 'request';
    doc.criteriaView = doc.outer;
    doc.criteriaNode = property(root, 'criteria');
  } else if (property(root, 'criteria') && (property(root, 'version') !== undefined || !property(root, 'name'))) {
    doc.shape = 'fragment-segment-criteria';
    doc.criteriaView = doc.outer;
    doc.segmentCriteriaNode = root;
    doc.criteriaNode = property(root, 'criteria');
  } else if (isGroupLike(root) && property(root, 'name') === undefined) {
    doc.shape = 'fragment-criteria';
    doc.criteriaView = doc.outer;
    doc.criteriaNode = root;
  } else {
    doc.shape = 'file';
  }
  if (doc.criteriaNode?.type === 'object' && doc.criteriaView) {
    doc.top = buildGroup(doc.criteriaView, doc.criteriaNode);
  }
}

export function nodeAt(root: Node | undefined, path: (string | number)[]): Node | undefined {
  return root ? findNodeAtLocation(root, path) : undefined;
}
