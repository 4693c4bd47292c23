/**
 * The language service's own types: LSP-shaped (0-based lines and characters) so the server maps them
 * one to one, but free of any LSP or VS Code import.
 */

import type { Code, Severity } from './codes';

export type { Code, Severity };
export type SeveritySetting = Severity | 'off';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A span of the document text, as offsets. */
export interface Span {
  offset: number;
  length: number;
}

export const DIAGNOSTIC_SOURCE = 'segment-criteria';

export interface SegmentDiagnostic {
  range: Range;
  severity: Severity;
  /** Stable, kebab-case, one of the registry's (codes.ts); the key of severity settings and of quick fixes. */
  code: Code;
  message: string;
  source: typeof DIAGNOSTIC_SOURCE;
  /**
   * What the quick fix for this code needs (its shape is the registry's `DataOf<code>`); no fix ever parses a
   * message. Unknown here, since the editor hands it back: the fixes check what they read.
   */
  data?: unknown;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** What the account holds, when signed in: makes ids real in completions, hovers and checks. */
export interface AccountData {
  lists?: { id: string; name: string }[];
  tags?: { id: string; name: string }[];
  /** Email campaign activities that tracking criteria can name by id. */
  campaignActivities?: { id: string; name: string; campaign?: string }[];
  /** Custom contact fields, by the name criteria use. */
  customFields?: { name: string; label?: string }[];
}

export interface ServiceOptions {
  /** Per-code severity overrides from settings; `off` drops the diagnostic. */
  severity?: Record<string, SeveritySetting>;
  /** Present when signed in: unknown ids become errors and completions offer names. */
  account?: AccountData;
  /** Only what this product knows: criteria it leaves unchecked (unknown sources) are errors. */
  strict?: boolean;
}

export type CompletionKind = 'property' | 'value' | 'enum' | 'snippet' | 'reference';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces `range` (a snippet when `snippet` is true: $1, ${1:placeholder}). */
  insertText: string;
  snippet?: boolean;
  range: Range;
  filterText?: string;
  sortText?: string;
  preselect?: boolean;
  /** Ask the editor to suggest again after inserting (a key whose value has completions). */
  retrigger?: boolean;
}

export interface Hover {
  /** Markdown. */
  contents: string;
  range: Range;
}

export interface CodeAction {
  title: string;
  kind: 'quickfix';
  /** The diagnostic this action repairs. */
  diagnostic: SegmentDiagnostic;
  isPreferred?: boolean;
  edits: TextEdit[];
}

export type SymbolKind = 'file' | 'string' | 'object' | 'array' | 'operator' | 'field' | 'number';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbol[];
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export interface FormattingOptions {
  tabSize: number;
  insertSpaces: boolean;
  /** Ends the text with a newline (the format pull writes: stable for git diffs). */
  insertFinalNewline?: boolean;
}
