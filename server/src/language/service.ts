/**
 * The language service's facade: what the LSP server and the CLI call. Pure: text in, results out,
 * no LSP or VS Code types.
 */
import { uncheckedOf, type UncheckedCriterion } from './unchecked';
import { codeActions as actionsFor } from './actions';
import { complete as completeAt } from './completion';
import type { SegmentDocument } from './document';
import { collectProblems, toDiagnostics } from './diagnostics';
import { reading } from './english';
import { format as formatDoc } from './format';
import { hover as hoverAt } from './hover';
import { ParseCache, type ParseCacheStats } from './parseCache';
import { foldingRanges, symbols as symbolsOf } from './symbols';
import type {
  CodeAction,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  Position,
  Range,
  SegmentDiagnostic,
  ServiceOptions,
  TextEdit,
} from './types';

export * from './types';

export type { ParseCacheStats } from './parseCache';

const cache = new ParseCache();

export function parse(text: string): SegmentDocument {
  return cache.parse(text);
}

/**
 * Forgets the parsed tree of a text that will not be asked about again: a closed document's, or (`edited`)
 * the version an edit replaced, whose tree the next parse may reuse.
 */
export function release(text: string, edited = false): void {
  cache.release(text, edited);
}

/** How much the parse cache holds. */
export function parseCacheStats(): ParseCacheStats {
  return cache.stats();
}

/** Every problem of a segment document, as diagnostics (severity settings applied). */
export function validate(text: string, options: ServiceOptions = {}): SegmentDiagnostic[] {
  const doc = parse(text);
  return toDiagnostics(doc, collectProblems(doc, options), options);
}

export function complete(text: string, position: Position, options: ServiceOptions = {}): CompletionItem[] {
  const doc = parse(text);
  return completeAt(doc, doc.lines.offsetAt(position), options.account);
}

export function hover(text: string, position: Position, options: ServiceOptions = {}): Hover | undefined {
  const doc = parse(text);
  return hoverAt(doc, doc.lines.offsetAt(position), options.account);
}

/** Quick fixes for the given diagnostics (as the editor hands them back, with their code and data). */
export function codeActions(text: string, diagnostics: SegmentDiagnostic[]): CodeAction[] {
  return actionsFor(parse(text), diagnostics);
}

export function format(text: string, options: FormattingOptions, range?: Range): TextEdit[] {
  return formatDoc(parse(text), options, range);
}

export function documentSymbols(text: string, options: ServiceOptions = {}): DocumentSymbol[] {
  return symbolsOf(parse(text), options.account);
}

export function folding(text: string): FoldingRange[] {
  return foldingRanges(parse(text));
}

export type { UncheckedCriterion } from './unchecked';

/** The criteria of a document that this product does not check, from its own `unchecked-source` warnings. */
export function uncheckedCriteria(text: string): UncheckedCriterion[] {
  return uncheckedOf(validate(text));
}

/** The plain-English reading of the whole criteria, when there are any. */
export function describe(text: string, options: ServiceOptions = {}): string | undefined {
  const doc = parse(text);
  return doc.top ? reading(doc.top, options.account) : undefined;
}

/** Applies edits to a text (used by the CLI and tests). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const doc = parse(text);
  const withOffsets = edits
    .map((e) => ({ start: doc.lines.offsetAt(e.range.start), end: doc.lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
