/**
 * Formatting with jsonc-parser: the whole document or a range, comments kept. Criteria this product leaves
 * unchecked (unknown sources) keep their text as written: what it does not understand, it does not touch.
 */
import { format as jsoncFormat } from 'jsonc-parser';
import { criteriaOf, type SegmentDocument } from './document';
import { isUncheckedSource } from './nearMiss';
import type { FormattingOptions, Range, TextEdit } from './types';

export function format(doc: SegmentDocument, options: FormattingOptions, range?: Range): TextEdit[] {
  if (doc.tooLarge || doc.tooDeep) return [];
  // A byte order mark stays where it is: the text after it is formatted, and offsets shifted back.
  const skip = doc.bom ? 1 : 0;
  const start = range ? Math.max(skip, doc.lines.offsetAt(range.start)) : skip;
  const r = range ? { offset: start - skip, length: Math.max(0, doc.lines.offsetAt(range.end) - start) } : undefined;
  const edits = jsoncFormat(doc.text.slice(skip), r, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    insertFinalNewline: options.insertFinalNewline ?? true,
    eol: doc.text.includes('\r\n') ? '\r\n' : '\n',
    keepLines: false,
  });
  const kept = uncheckedSpans(doc);
  const inside = (o: number, end: number) => kept.some((k) => o > k.start && end < k.end);
  return edits
    .map((e) => ({ ...e, offset: e.offset + skip }))
    .filter((e) => !inside(e.offset, e.offset + e.length))
    .map((e) => ({ range: doc.lines.range(e.offset, e.length), newText: e.content }));
}

/** The text spans of unchecked criteria written as JSON in the file (an escaped string is one token anyway). */
function uncheckedSpans(doc: SegmentDocument): { start: number; end: number }[] {
  if (!doc.top || doc.top.view.inner) return [];
  return [...criteriaOf(doc.top)].filter((c) => isUncheckedSource(c.props.get('source')?.value)).map((c) => ({ start: c.node.offset, end: c.node.offset + c.node.length }));
}
