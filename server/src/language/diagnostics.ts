/** Runs every check on a parsed document and turns the problems into diagnostics. */
import { type ParseError, printParseErrorCode } from 'jsonc-parser';
import { criteriaOf, KEPT_VALUES_CHARS, PlainValues, type SegmentDocument, type View } from './document';
import { Problems, problem, type Problem } from './problems';
import { checkGrouping } from './rules/grouping';
import { checkOperands } from './rules/operands';
import { STRICT_ERRORS } from './codes';
import { checkShape, isCriteriaPropertyFragment } from './rules/shape';
import { NOT_CHECKED } from './sendable';
import { validateSchema } from './schema';
import { DIAGNOSTIC_SOURCE, type SegmentDiagnostic, type ServiceOptions } from './types';
import { LIMITS } from './vocabulary';

/** At most this many syntax errors are reported: a binary file must not flood the Problems panel. */
const MAX_SYNTAX_ERRORS = 50;

// Keyed by name: jsonc-parser's codes are const enums, which isolated modules cannot read.
const PARSE_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character: this is not JSON.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'Expected a property name in double quotes.',
  ValueExpected: 'Expected a value: a string, number, object, list, true, false or null.',
  ColonExpected: 'Expected a colon ":" after the property name.',
  CommaExpected: 'Expected a comma "," between items.',
  CloseBraceExpected: 'Expected a closing brace "}".',
  CloseBracketExpected: 'Expected a closing bracket "]".',
  EndOfFileExpected: 'Unexpected text after the end of the document.',
  InvalidCommentToken: 'Invalid comment.',
  UnexpectedEndOfComment: 'A block comment is not closed: add "*/".',
  UnexpectedEndOfString: 'A string is not closed: add the closing double quote.',
  UnexpectedEndOfNumber: 'A number ends unexpectedly.',
  InvalidUnicode: 'Invalid unicode escape: write \\u followed by four hex digits.',
  InvalidEscapeCharacter: 'Invalid escape: use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX.',
  InvalidCharacter: 'Invalid character in a string: control characters must be escaped.',
};

function syntaxProblems(errors: ParseError[], view: View, out: Problems, inside: boolean): void {
  for (const e of errors.slice(0, MAX_SYNTAX_ERRORS)) {
    const start = view.toDoc(e.offset);
    const end = view.toDoc(e.offset + e.length);
    const message = (inside ? 'In the escaped criteria: ' : '') + (PARSE_MESSAGES[printParseErrorCode(e.error)] ?? 'Syntax error.');
    out.add(problem('syntax-error', { offset: start, length: Math.max(end - start, 1) }, message));
  }
  if (errors.length > MAX_SYNTAX_ERRORS) {
    const last = errors[MAX_SYNTAX_ERRORS]!;
    out.add(problem('syntax-error', { offset: view.toDoc(last.offset), length: 1 }, `${errors.length - MAX_SYNTAX_ERRORS} more syntax errors not shown: is this a JSON file?`));
  }
}

export function collectProblems(doc: SegmentDocument, options: ServiceOptions = {}): Problem[] {
  const out = new Problems();
  if (doc.tooLarge) {
    out.add(
      problem(
        'too-large',
        { offset: 0, length: 0 },
        `This document is too large to check: ${doc.text.length.toLocaleString('en-US')} characters, over the checker's limit of ${LIMITS.maxDocumentChars.toLocaleString('en-US')}. ` +
          `Nothing in it is checked, so it is not sent to Constant Contact from here; Constant Contact accepts segment criteria of at most ${LIMITS.maxCriteriaChars.toLocaleString('en-US')} characters anyway.`,
      ),
    );
    return out.list;
  }
  if (doc.tooDeep) {
    out.add(
      problem(
        'too-deep',
        { offset: doc.tooDeep.offset, length: 1 },
        `Nested more than ${LIMITS.maxNesting} levels deep: segment criteria never nest beyond an "and" holding "or" groups. Checking stopped here.`,
      ),
    );
    return out.list;
  }
  const root = doc.outer.root;
  if (doc.text.trim() === '') {
    out.add(problem('empty-document', { offset: 0, length: 0 }, 'The file is empty: a segment file is { "name": "…", "segment_criteria": { "version": "1.0.0", "criteria": { "type": "and", "group": [ … ] } } }.', { fix: 'new-segment' }));
    return out.list;
  }
  syntaxProblems(doc.syntaxErrors, doc.outer, out, false);
  // Kept with a document up to KEPT_VALUES_CHARS, or with any whose owner asked for them (the worker for large documents).
  const values = doc.values ?? (doc.text.length <= KEPT_VALUES_CHARS ? (doc.values = new PlainValues()) : new PlainValues());
  checkShape(doc, out, values);
  if (!root) return out.list;
  if (root.type !== 'object') {
    if (!isCriteriaPropertyFragment(doc.text)) {
      out.add(problem('wrong-type', { offset: root.offset, length: Math.min(root.length, 1) }, `A segment file is an object { "name": …, "segment_criteria": … }, not ${root.type === 'array' ? 'a list' : `a ${root.type}`}.`));
    }
    return out.list;
  }
  switch (doc.shape) {
    case 'file':
    case 'file-string-criteria':
      validateSchema(doc.outer, root, 'file', out, values);
      break;
    case 'request':
    case 'fragment-criteria':
      if (doc.criteriaNode) validateSchema(doc.outer, doc.criteriaNode, 'topGroup', out, values);
      break;
    case 'fragment-segment-criteria':
      validateSchema(doc.outer, root, 'segmentCriteria', out, values);
      break;
    case 'unknown':
      break;
  }
  if (doc.shape === 'file-string-criteria' && doc.criteriaView) {
    syntaxProblems(doc.innerSyntaxErrors, doc.criteriaView, out, true);
    const inner = doc.criteriaView.root;
    if (inner && inner.type === 'object') validateSchema(doc.criteriaView, inner, 'segmentCriteria', out, values);
  }
  if (doc.top) {
    checkGrouping(doc.top, out);
    for (const c of criteriaOf(doc.top)) checkOperands(c, out, options.account);
  }
  return out.list;
}

export function toDiagnostics(doc: SegmentDocument, problems: Problem[], options: ServiceOptions = {}): SegmentDiagnostic[] {
  const out: SegmentDiagnostic[] = [];
  for (const p of problems) {
    // Strict is a team's rule about what may be deployed: no per-code setting loosens it.
    const setting = options.strict && STRICT_ERRORS.has(p.code) ? 'error' : options.severity?.[p.code];
    if (setting === 'off' && !NOT_CHECKED.has(p.code)) continue;
    const d: SegmentDiagnostic = {
      range: doc.lines.range(p.span.offset, p.span.length),
      // A document the checker did not read through always says so: hidden, it would look clean (and not be sent).
      severity: setting === undefined || setting === 'off' ? p.severity : setting,
      code: p.code,
      message: p.message,
      source: DIAGNOSTIC_SOURCE,
    };
    if (p.data !== undefined) d.data = p.data;
    out.push(d);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
