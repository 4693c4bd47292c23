/**
 * Quick fixes, one per mechanical repair. Each reads the diagnostic's `code` and `data` (never its
 * message) and edits the text so that what the user wrote, comments included, is kept where it moves.
 */
import { findNodeAtLocation, findNodeAtOffset, getNodePath, getNodeValue, modify, type Node } from 'jsonc-parser';
import type { Code, DataOf, SuggestingCode } from './codes';
import { property, propertyNode, type SegmentDocument } from './document';
import type { CodeAction, SegmentDiagnostic, TextEdit } from './types';
import { expandSnippet, SEGMENT_SNIPPET } from './snippets';
import { CRITERIA_VERSION } from './vocabulary';

// Every code whose data names a closest value (a record, so that the registry's list and this one cannot drift).
const DID_YOU_MEAN: Record<SuggestingCode, true> = {
  'unknown-key': true,
  'unknown-source': true,
  'unknown-field': true,
  'unknown-op': true,
  'invalid-const-value': true,
  'invalid-const-date-value': true,
  'invalid-group-type': true,
};

function suggests(code: Code): code is SuggestingCode {
  return Object.hasOwn(DID_YOU_MEAN, code);
}

type Path = (string | number)[];

/**
 * A diagnostic's data, in the registry's shape for its code (given, narrowed, for the type only). It comes
 * back from the editor, so any field may be missing: each fix checks what it reads.
 */
function dataOf<C extends Code>(_code: C, data: unknown): Partial<NonNullable<DataOf<C>>> {
  return (data ?? {}) as Partial<NonNullable<DataOf<C>>>;
}

export function codeActions(doc: SegmentDocument, diagnostics: SegmentDiagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  if (!doc.outer.root || doc.tooLarge || doc.tooDeep) {
    for (const d of diagnostics) {
      if (d.code === 'fragment-shape') push(out, d, fragmentFix(doc, dataOf(d.code, d.data).fix));
      if (d.code === 'empty-document') push(out, d, newSegment(doc, dataOf(d.code, d.data).fix));
    }
    return out;
  }
  for (const d of diagnostics) {
    const start = doc.lines.offsetAt(d.range.start);
    const end = doc.lines.offsetAt(d.range.end);
    // Problems inside an escaped criteria string are fixed after it is turned into readable JSON.
    if (insideEscapedCriteria(doc, start) && d.code !== 'criteria-as-string') continue;
    const code = d.code;
    if (suggests(code)) {
      const { suggestion } = dataOf(code, d.data);
      if (typeof suggestion === 'string') {
        push(out, d, { title: `Change to "${suggestion}"`, isPreferred: true, edits: [edit(doc, start, end - start, JSON.stringify(suggestion))] });
        continue;
      }
    }
    switch (code) {
      case 'top-not-and':
        push(out, d, wrapInAnd(doc));
        break;
      case 'or-in-or':
      case 'and-in-and':
        push(out, d, flatten(doc, dataOf(code, d.data).path, code === 'or-in-or' ? 'or' : 'and'));
        break;
      case 'repeated-list-membership':
      case 'repeated-tags': {
        const data = dataOf(code, d.data);
        push(out, d, merge(doc, data.firstPath, data.path, code === 'repeated-tags' ? 'tags' : 'lists'));
        break;
      }
      case 'criteria-as-string':
        push(out, d, unescapeCriteria(doc));
        break;
      case 'request-shape':
        push(out, d, requestToFile(doc));
        break;
      case 'fragment-shape':
        push(out, d, fragmentFix(doc, dataOf(code, d.data).fix));
        break;
      case 'missing-version':
        push(out, d, addVersion(doc));
        break;
      case 'unsupported-version':
        push(out, d, { title: `Change to "${CRITERIA_VERSION}"`, isPreferred: true, edits: [edit(doc, start, end - start, `"${CRITERIA_VERSION}"`)] });
        break;
      case 'days-in-value':
        push(out, d, daysToDateParam(doc, start));
        break;
      case 'key-not-allowed':
        push(out, d, removeProperty(doc, start, String(dataOf(code, d.data).key)));
        break;
      default:
        break;
    }
  }
  return out;
}

function push(out: CodeAction[], diagnostic: SegmentDiagnostic, fix: Omit<CodeAction, 'kind' | 'diagnostic'> | undefined): void {
  if (fix && fix.edits.length) out.push({ kind: 'quickfix', diagnostic, ...fix });
}

function edit(doc: SegmentDocument, offset: number, length: number, newText: string): TextEdit {
  return { range: doc.lines.range(offset, length), newText };
}

function insideEscapedCriteria(doc: SegmentDocument, offset: number): boolean {
  if (doc.shape !== 'file-string-criteria') return false;
  const sc = property(doc.outer.root, 'segment_criteria');
  return !!sc && offset > sc.offset && offset < sc.offset + sc.length;
}

/** The indentation of the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The file's indent unit, guessed from its first indented line. */
function unit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? (m[1]!.startsWith('\t') ? '\t' : m[1]!.length >= 4 ? '    ' : '  ') : '  ';
}

/** Shifts every line after the first by `delta` characters of indentation (negative removes). */
function reindent(text: string, add: string, remove = 0): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : remove > 0 ? line.replace(new RegExp(`^[ \\t]{0,${remove}}`), '') : add + line))
    .join('\n');
}

function slice(doc: SegmentDocument, n: Node): string {
  return doc.text.slice(n.offset, n.offset + n.length);
}

function wrapInAnd(doc: SegmentDocument) {
  const node = doc.criteriaNode;
  if (!node || doc.criteriaView?.inner) return undefined;
  const ind = indentAt(doc.text, node.offset);
  const u = unit(doc.text);
  const inner = reindent(slice(doc, node), u + u);
  const text = `{\n${ind}${u}"type": "and",\n${ind}${u}"group": [\n${ind}${u}${u}${inner}\n${ind}${u}]\n${ind}}`;
  return { title: 'Wrap the criteria in an "and" group', isPreferred: true, edits: [edit(doc, node.offset, node.length, text)] };
}

function flatten(doc: SegmentDocument, path: Path | undefined, word: string) {
  const root = doc.outer.root;
  const node = root && path ? findNodeAtLocation(root, path) : undefined;
  const list = property(node, 'group');
  const members = list?.children ?? [];
  if (!node || !list || members.length === 0) return undefined;
  // Everything between the brackets moves, comments included.
  const inside = doc.text.slice(list.offset + 1, list.offset + list.length - 1).trim();
  const outerInd = indentAt(doc.text, node.offset);
  const innerInd = indentAt(doc.text, members[0]!.offset);
  let body = reindent(inside, '', Math.max(0, innerInd.length - outerInd.length));
  // A trailing line comment would swallow what follows the group on its line.
  if (/\/\/[^\n]*$/.test(body)) body += `\n${outerInd}`;
  return { title: `Flatten: move the members of this "${word}" group into the outer "${word}" (same meaning)`, isPreferred: true, edits: [edit(doc, node.offset, node.length, body)] };
}

function merge(doc: SegmentDocument, firstPath: Path | undefined, extraPath: Path | undefined, what: 'lists' | 'tags') {
  const root = doc.outer.root;
  if (!root || !firstPath || !extraPath) return undefined;
  const first = findNodeAtLocation(root, firstPath);
  const extra = findNodeAtLocation(root, extraPath);
  if (!first || !extra) return undefined;
  const membersText = (n: Node): string[] => {
    const inner = property(n, 'group');
    return inner ? (inner.children ?? []).map((c) => slice(doc, c).replace(/\s*\n\s*/g, ' ')) : [slice(doc, n).replace(/\s*\n\s*/g, ' ')];
  };
  const ind = indentAt(doc.text, first.offset);
  const u = unit(doc.text);
  const items = [...membersText(first), ...membersText(extra)].map((t) => `${ind}${u}${u}${t}`).join(',\n');
  const merged = `{\n${ind}${u}"type": "or",\n${ind}${u}"group": [\n${items}\n${ind}${u}]\n${ind}}`;
  // Remove the extra member first (jsonc-parser handles its comma), then replace the first one.
  const removal = modify(doc.text, getNodePath(extra), undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
  const edits = [edit(doc, first.offset, first.length, merged), ...removal.map((e) => edit(doc, e.offset, e.length, e.content))];
  const widens = what === 'tags' ? 'contacts with any of these tags' : 'contacts on any of these lists';
  return { title: `Merge into one "or" group (widens the selection: ${widens})`, isPreferred: false, edits };
}

function unescapeCriteria(doc: SegmentDocument) {
  const sc = property(doc.outer.root, 'segment_criteria');
  if (!sc || sc.type !== 'string' || doc.innerSyntaxErrors.length || !doc.criteriaView?.root) return undefined;
  const value = getNodeValue(doc.criteriaView.root);
  const ind = indentAt(doc.text, sc.offset);
  const u = unit(doc.text);
  const text = reindent(JSON.stringify(value, null, u), ind);
  return { title: 'Turn the escaped criteria into readable JSON', isPreferred: true, edits: [edit(doc, sc.offset, sc.length, text)] };
}

function requestToFile(doc: SegmentDocument) {
  const prop = propertyNode(doc.outer.root, 'criteria');
  const criteria = prop?.children?.[1];
  if (!prop || !criteria) return undefined;
  const ind = indentAt(doc.text, prop.offset);
  const u = unit(doc.text);
  const text = `"segment_criteria": {\n${ind}${u}"version": "${CRITERIA_VERSION}",\n${ind}${u}"criteria": ${reindent(slice(doc, criteria), u)}\n${ind}}`;
  return { title: 'Convert to the segment file shape ("segment_criteria" with version and criteria)', isPreferred: true, edits: [edit(doc, prop.offset, prop.length, text)] };
}

function fragmentFix(doc: SegmentDocument, fix: DataOf<'fragment-shape'>['fix'] | undefined) {
  const u = unit(doc.text);
  const wrap = (criteriaText: string, version = true) =>
    `{\n${u}"name": "New segment",\n${u}"segment_criteria": {\n${version ? `${u}${u}"version": "${CRITERIA_VERSION}",\n` : ''}${u}${u}${criteriaText}\n${u}}\n}\n`;
  const root = doc.outer.root;
  let text: string | undefined;
  if (fix === 'criteria-to-file' && root) text = wrap(`"criteria": ${reindent(slice(doc, root).trim(), u + u)}`);
  else if (fix === 'segment-criteria-to-file' && root) {
    text = `{\n${u}"name": "New segment",\n${u}"segment_criteria": ${reindent(slice(doc, root).trim(), u)}\n}\n`;
  } else if (fix === 'property-fragment-to-file') {
    const body = doc.text.trim().replace(/,\s*$/, '');
    text = wrap(reindent(body, u + u));
  }
  if (text === undefined) return undefined;
  const from = doc.bom ? 1 : 0; // a byte order mark stays
  return { title: 'Convert to a segment file (name, segment_criteria)', isPreferred: true, edits: [edit(doc, from, doc.text.length - from, text)] };
}

/** An empty file gets the whole-segment snippet with its defaults: a valid segment to edit. */
function newSegment(doc: SegmentDocument, fix: DataOf<'empty-document'>['fix'] | undefined) {
  if (fix !== 'new-segment' || doc.text.trim() !== '') return undefined;
  const from = doc.bom ? 1 : 0; // a byte order mark stays
  return { title: 'Insert a new segment (name and criteria)', isPreferred: true, edits: [edit(doc, from, doc.text.length - from, `${expandSnippet(SEGMENT_SNIPPET.body)}\n`)] };
}

function addVersion(doc: SegmentDocument) {
  const sc = doc.segmentCriteriaNode;
  if (!sc || doc.criteriaView?.inner) return undefined;
  const first = sc.children?.[0];
  if (!first) return undefined;
  const ind = indentAt(doc.text, first.offset);
  const sameLine = !doc.text.slice(sc.offset, first.offset).includes('\n');
  const text = sameLine ? `"version": "${CRITERIA_VERSION}", ` : `"version": "${CRITERIA_VERSION}",\n${ind}`;
  return { title: `Add "version": "${CRITERIA_VERSION}"`, isPreferred: true, edits: [edit(doc, first.offset, 0, text)] };
}

function daysToDateParam(doc: SegmentDocument, offset: number) {
  const prop = propertyAt(doc, offset);
  const value = prop?.children?.[1];
  if (!prop || !value) return undefined;
  const text = `"const_date_value": "last-n-days", "date_param": ${slice(doc, value)}`;
  return { title: 'Move the days to "date_param" with "const_date_value": "last-n-days"', isPreferred: true, edits: [edit(doc, prop.offset, prop.length, text)] };
}

function removeProperty(doc: SegmentDocument, offset: number, key: string) {
  const prop = propertyAt(doc, offset);
  const value = prop?.children?.[1];
  if (!prop || !value) return undefined;
  const edits = modify(doc.text, getNodePath(value), undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
  return { title: `Remove "${key}"`, isPreferred: true, edits: edits.map((e) => edit(doc, e.offset, e.length, e.content)) };
}

function propertyAt(doc: SegmentDocument, offset: number): Node | undefined {
  let n = doc.outer.root ? findNodeAtOffset(doc.outer.root, offset + 1, true) : undefined;
  while (n && n.type !== 'property') n = n.parent;
  return n;
}
