/** Formatting with jsonc-parser: the whole document or a range, comments kept. */
import { format as jsoncFormat } from 'jsonc-parser';
import type { SegmentDocument } from './document';
import type { FormattingOptions, Range, TextEdit } from './types';

export function format(doc: SegmentDocument, options: FormattingOptions, range?: Range): TextEdit[] {
  if (doc.tooLarge || doc.tooDeep) return [];
  const r = range ? { offset: doc.lines.offsetAt(range.start), length: doc.lines.offsetAt(range.end) - doc.lines.offsetAt(range.start) } : undefined;
  const edits = jsoncFormat(doc.text, r, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    insertFinalNewline: options.insertFinalNewline ?? true,
    eol: doc.text.includes('\r\n') ? '\r\n' : '\n',
    keepLines: false,
  });
  return edits.map((e) => ({ range: doc.lines.range(e.offset, e.length), newText: e.content }));
}
