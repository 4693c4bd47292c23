/**
 * The shapes of what a client sends. Each check returns what is wrong in words (undefined when the
 * message is usable), so a malformed message is logged and dropped before it reaches the documents or
 * the language service.
 */
import type { SeveritySetting } from './language/types';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function positionProblem(v: unknown, what: string): string | undefined {
  if (!isObject(v) || !isWhole(v.line) || !isWhole(v.character)) return `${what} is not a position {line, character}`;
  return undefined;
}

function rangeProblem(v: unknown, what: string): string | undefined {
  if (!isObject(v)) return `${what} is not a range {start, end}`;
  return positionProblem(v.start, `${what}.start`) ?? positionProblem(v.end, `${what}.end`);
}

/** `{textDocument: {uri}}`, the part every document notification and request shares. */
export function documentProblem(params: unknown): string | undefined {
  if (!isObject(params) || !isObject(params.textDocument)) return 'textDocument is missing';
  if (typeof params.textDocument.uri !== 'string') return 'textDocument.uri is not a string';
  return undefined;
}

export function openProblem(params: unknown): string | undefined {
  const problem = documentProblem(params);
  if (problem) return problem;
  const td = (params as { textDocument: Obj }).textDocument;
  if (typeof td.text !== 'string') return 'textDocument.text is not a string';
  if (typeof td.languageId !== 'string') return 'textDocument.languageId is not a string';
  if (!isWhole(td.version)) return 'textDocument.version is not a whole number';
  return undefined;
}

export function changeProblem(params: unknown): string | undefined {
  const problem = documentProblem(params);
  if (problem) return problem;
  const p = params as { textDocument: Obj; contentChanges?: unknown };
  if (!isWhole(p.textDocument.version)) return 'textDocument.version is not a whole number';
  if (!Array.isArray(p.contentChanges)) return 'contentChanges is not a list';
  for (const [i, c] of p.contentChanges.entries()) {
    if (!isObject(c) || typeof c.text !== 'string') return `contentChanges[${i}].text is not a string`;
    if (c.range !== undefined) {
      const r = rangeProblem(c.range, `contentChanges[${i}].range`);
      if (r) return r;
    }
  }
  return undefined;
}

/** Requests at a position in a document (completion, hover). */
export function positionRequestProblem(params: unknown): string | undefined {
  return documentProblem(params) ?? positionProblem((params as Obj).position, 'position');
}

export function rangeRequestProblem(params: unknown): string | undefined {
  return documentProblem(params) ?? rangeProblem((params as Obj).range, 'range');
}

function entriesProblem(v: unknown, what: string, required: string[], optional: string[] = []): string | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return `${what} is not a list`;
  for (const [i, e] of v.entries()) {
    if (!isObject(e)) return `${what}[${i}] is not an object`;
    for (const k of required) if (typeof e[k] !== 'string') return `${what}[${i}].${k} is not a string`;
    for (const k of optional) if (e[k] !== undefined && typeof e[k] !== 'string') return `${what}[${i}].${k} is not a string`;
  }
  return undefined;
}

/** `segmentCriteria/accountData`: null (signed out) or the account's lists, tags, activities and fields. */
export function accountDataProblem(v: unknown): string | undefined {
  if (v === null) return undefined;
  if (!isObject(v)) return 'the account data is neither null nor an object';
  return (
    entriesProblem(v.lists, 'lists', ['id', 'name']) ??
    entriesProblem(v.tags, 'tags', ['id', 'name']) ??
    entriesProblem(v.campaignActivities, 'campaignActivities', ['id', 'name'], ['campaign']) ??
    entriesProblem(v.customFields, 'customFields', ['name'], ['label'])
  );
}

const SETTINGS: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'] satisfies SeveritySetting[];

/** Severity settings by code, keeping only the entries that name a severity (or "off"). */
export function severityOf(v: unknown): Record<string, SeveritySetting> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, SeveritySetting> = {};
  for (const [code, setting] of Object.entries(v)) if (typeof setting === 'string' && SETTINGS.includes(setting)) out[code] = setting as SeveritySetting;
  return out;
}

export function codeActionProblem(params: unknown): string | undefined {
  const problem = rangeRequestProblem(params);
  if (problem) return problem;
  const context = (params as Obj).context;
  if (!isObject(context) || !Array.isArray(context.diagnostics)) return 'context.diagnostics is not a list';
  for (const [i, d] of context.diagnostics.entries()) {
    const r = isObject(d) ? rangeProblem(d.range, `context.diagnostics[${i}].range`) : `context.diagnostics[${i}] is not an object`;
    if (r) return r;
  }
  return undefined;
}

export function formattingProblem(params: unknown): string | undefined {
  const problem = documentProblem(params);
  if (problem) return problem;
  const options = (params as Obj).options;
  if (!isObject(options) || !isWhole(options.tabSize) || typeof options.insertSpaces !== 'boolean') return 'options needs tabSize and insertSpaces';
  return undefined;
}

/** `segmentCriteria/describe`: `{uri}`. */
export function uriProblem(params: unknown): string | undefined {
  return isObject(params) && typeof params.uri === 'string' ? undefined : 'uri is not a string';
}

/** `segmentCriteria/check`: `{text, severity?, strict?, account?}`. */
export function checkProblem(params: unknown): string | undefined {
  if (!isObject(params) || typeof params.text !== 'string') return 'text is not a string';
  if (params.strict !== undefined && typeof params.strict !== 'boolean') return 'strict is not true or false';
  if (params.severity !== undefined && !isObject(params.severity)) return 'severity is not an object';
  return params.account === undefined ? undefined : accountDataProblem(params.account);
}
