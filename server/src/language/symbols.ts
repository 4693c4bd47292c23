/** The outline (the criteria tree in plain words) and folding ranges. */
import { createScanner } from 'jsonc-parser';
import { type GroupNode, property, type SegmentDocument, spanOf, Token } from './document';
import { criterionText, groupText } from './english';
import type { AccountData, DocumentSymbol, FoldingRange } from './types';

function groupSymbol(doc: SegmentDocument, g: GroupNode, account?: AccountData): DocumentSymbol {
  const span = spanOf(g.view, g.node);
  const sel = spanOf(g.view, g.typeNode ?? g.node);
  const word = g.type === 'or' ? 'any of' : 'all of';
  return {
    name: g.parent ? `${word} (${g.type})` : `Contacts who match all of (and)`,
    detail: groupText(g, account),
    kind: 'array',
    range: doc.lines.range(span.offset, span.length),
    selectionRange: doc.lines.range(sel.offset, sel.length),
    children: g.members.map((m) => {
      if (m.kind === 'group') return groupSymbol(doc, m, account);
      const s = spanOf(m.view, m.node);
      const src = m.props.get('source');
      const ss = src ? spanOf(m.view, src) : s;
      return {
        name: criterionText(m, account),
        detail: String(src?.value ?? ''),
        kind: 'field' as const,
        range: doc.lines.range(s.offset, s.length),
        selectionRange: doc.lines.range(ss.offset, ss.length),
        children: [],
      };
    }),
  };
}

export function symbols(doc: SegmentDocument, account?: AccountData): DocumentSymbol[] {
  const root = doc.outer.root;
  if (!root || root.type !== 'object') return [];
  const out: DocumentSymbol[] = [];
  const name = property(root, 'name');
  if (name) {
    const s = spanOf(doc.outer, name);
    out.push({ name: `Segment: ${String(name.value)}`, kind: 'string', range: doc.lines.range(s.offset, s.length), selectionRange: doc.lines.range(s.offset, s.length), children: [] });
  }
  if (doc.top) out.push(groupSymbol(doc, doc.top, account));
  return out;
}

/** Objects and arrays spanning lines, and block comments, found with the scanner (no recursion). */
export function foldingRanges(doc: SegmentDocument): FoldingRange[] {
  if (doc.tooLarge) return [];
  const scanner = createScanner(doc.text, false);
  const stack: number[] = [];
  const out: FoldingRange[] = [];
  for (let kind = scanner.scan(); kind !== Token.EOF; kind = scanner.scan()) {
    if (kind === Token.OpenBrace || kind === Token.OpenBracket) {
      stack.push(doc.lines.positionAt(scanner.getTokenOffset()).line);
    } else if (kind === Token.CloseBrace || kind === Token.CloseBracket) {
      const start = stack.pop();
      const end = doc.lines.positionAt(scanner.getTokenOffset()).line;
      if (start !== undefined && end - 1 > start) out.push({ startLine: start, endLine: end - 1 });
    } else if (kind === Token.BlockComment) {
      const start = doc.lines.positionAt(scanner.getTokenOffset()).line;
      const end = doc.lines.positionAt(scanner.getTokenOffset() + scanner.getTokenLength()).line;
      if (end > start) out.push({ startLine: start, endLine: end, kind: 'comment' });
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}
