/** Formatting with jsonc-parser: the whole document or a range, comments kept. */
import { format as jsoncFormat } from 'jsonc-parser';
import type { SegmentDocument } from './document';
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
  return edits.map((e) => ({ range: doc.lines.range(e.offset + skip, e.length), newText: e.content }));
}
