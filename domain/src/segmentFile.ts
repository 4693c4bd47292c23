/**
 * `.segment.json` files: reading them (JSON with comments), writing the two keys deploy and pull own
 * (`segment_id` and `sync`) with minimal edits, and rendering whole files deterministically for pull.
 */
import { createHash } from 'node:crypto';
import { MAX_NESTING } from '../../server/src/language/limits';
import { LineIndex, nestingDepth, withoutBom } from '../../server/src/language/text';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { nodeValue, setMember } from './jsonEdits.js';
import { compactJson, jsonTree, prettyJson } from './jsonText';

/**
 * What deploy needs to notice remote edits and to keep a file to its account, kept in one place in the
 * file and documented in docs/cli.md.
 */
export interface SyncState {
  /** `encoded_account_id` from GET /account/summary. */
  account: string;
  /** The API host the segment lives on, e.g. `api.cc.email`. */
  api: string;
  /** sha256 (hex) of the name and criteria last deployed or pulled: see contentHash. */
  hash: string;
  /** The remote `edited_at` after that deploy or pull. */
  edited_at?: string;
}

export interface SegmentFile {
  name: string;
  /** The criteria as an object, whether the file holds it readable or as an escaped string. */
  criteria: Record<string, unknown>;
  /**
   * The criteria as compact JSON with every string and number as the file writes it: what the API gets, so
   * that criteria this product does not understand reach it unchanged (absent: JSON.stringify(criteria)).
   */
  criteriaJson?: string;
  segmentId?: number;
  sync?: SyncState;
}

export class SegmentFileError extends Error {}

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const p = new LineIndex(text).positionAt(offset);
  return { line: p.line + 1, col: p.character + 1 };
}

/**
 * Parses JSON with comments into a value; `__proto__` keys stay ordinary keys. A leading byte order mark
 * is skipped, as editors skip it (positions are counted after it).
 */
export function parseJsonc(text: string, what: string): unknown {
  return nodeValue(parseJsoncTree(withoutBom(text), what));
}

/** The checker's nesting limit (LIMITS.maxNesting, too-deep), from the vocabulary's limits, which the extension may carry. */
export { MAX_NESTING };

/**
 * Nesting past the checker's limit (too-deep) is refused before anything is read: no segment nests so,
 * and reading it would overflow the stack. `inside`: the escaped criteria of a file or a body, which sit
 * one level in.
 */
function refuseTooDeep(text: string, what: string, inside = false): void {
  const deep = nestingDepth(text, MAX_NESTING - (inside ? 1 : 0));
  if (!deep) return;
  const { line, col } = lineCol(text, deep.offset);
  const at = inside ? 'inside its escaped segment_criteria' : `at ${line}:${col}`;
  throw new SegmentFileError(
    `${what}: nested more than ${MAX_NESTING} levels deep (${at}), which no segment is: criteria never nest beyond an "and" holding "or" groups. Flatten them into an "and" of criteria and "or" groups.`,
  );
}

function parseJsoncTree(text: string, what: string): Node {
  refuseTooDeep(text, what);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !tree) {
    const e = errors[0];
    const at = e ? lineCol(text, e.offset) : { line: 1, col: 1 };
    throw new SegmentFileError(`${what} is not valid JSON at ${at.line}:${at.col}${e ? ` (${printParseErrorCode(e.error)})` : ''}.`);
  }
  return tree;
}

/** The criteria's compact JSON, tokens as written: from the file's own text, or from inside its escaped string. */
function criteriaJsonOf(text: string, tree: Node): string | undefined {
  const node = findNodeAtLocation(tree, ['segment_criteria']);
  if (node?.type === 'object') return compactJson(text, node);
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  const inner = jsonTree(node.value);
  return inner?.type === 'object' ? compactJson(node.value, inner) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Criteria from a file or a body: a readable object, or the API's escaped string. */
export function criteriaValue(v: unknown, where: string): Record<string, unknown> {
  if (typeof v === 'string') {
    refuseTooDeep(v, where, true);
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      throw new SegmentFileError(`${where}: segment_criteria is a string that is not JSON. Give it as a JSON object, or as the escaped string the API returns.`);
    }
    if (!isObject(parsed)) throw new SegmentFileError(`${where}: segment_criteria must hold an object like {"version": "1.0.0", "criteria": {...}}.`);
    return parsed;
  }
  if (isObject(v)) return v;
  throw new SegmentFileError(`${where}: segment_criteria is missing; add {"version": "1.0.0", "criteria": {"type": "and", "group": [...]}}.`);
}

export function parseSegmentFile(given: string, where: string): SegmentFile {
  const text = withoutBom(given);
  const tree = parseJsoncTree(text, where);
  const v = nodeValue(tree);
  if (!isObject(v)) throw new SegmentFileError(`${where}: a segment file is a JSON object with "name" and "segment_criteria".`);
  if (typeof v.name !== 'string' || v.name.trim() === '') throw new SegmentFileError(`${where}: "name" is missing or empty; every segment needs a unique name.`);
  const file: SegmentFile = { name: v.name, criteria: criteriaValue(v.segment_criteria, where) };
  const json = criteriaJsonOf(text, tree);
  if (json !== undefined) file.criteriaJson = json;
  if (v.segment_id !== undefined) {
    if (typeof v.segment_id !== 'number' || !Number.isSafeInteger(v.segment_id) || v.segment_id < 0) {
      throw new SegmentFileError(`${where}: "segment_id" must be a whole number written by deploy or pull; remove it to create a new segment.`);
    }
    file.segmentId = v.segment_id;
  }
  if (v.sync !== undefined) {
    const s = v.sync;
    if (!isObject(s) || typeof s.account !== 'string' || typeof s.api !== 'string' || typeof s.hash !== 'string') {
      throw new SegmentFileError(`${where}: "sync" is damaged (it needs account, api and hash). Remove segment_id and sync and pull the segment again.`);
    }
    file.sync = { account: s.account, api: s.api, hash: s.hash, ...(typeof s.edited_at === 'string' ? { edited_at: s.edited_at } : {}) };
  }
  return file;
}

/** The exact API request body: the criteria as compact JSON in a string, strings and numbers as written. */
export function requestBody(file: Pick<SegmentFile, 'name' | 'criteria' | 'criteriaJson'>): { name: string; segment_criteria: string } {
  return { name: file.name, segment_criteria: file.criteriaJson ?? JSON.stringify(file.criteria) };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObject(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) Object.defineProperty(o, k, { value: sortKeys(v[k]), enumerable: true, writable: true, configurable: true });
    return o;
  }
  return v;
}

/**
 * The hash that tells deploy whether the remote still holds what was last deployed or pulled: sha256 of
 * the name and the criteria with keys sorted (key order carries no meaning), compact.
 */
export function contentHash(name: string, criteria: unknown): string {
  return createHash('sha256').update(JSON.stringify({ name, segment_criteria: sortKeys(criteria) })).digest('hex');
}

/**
 * A whole file as pull writes it: stable key order, two-space indent, final newline. Given `criteriaJson`
 * (the API's segment_criteria string), the criteria keep its strings and numbers as written.
 */
export function renderSegmentFile(f: { name: string; criteria: unknown; criteriaJson?: string; segmentId?: number; sync?: SyncState; schema?: string }): string {
  const out: [string, string][] = [];
  const put = (key: string, value: unknown) => value !== undefined && out.push([key, JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')]);
  if (f.schema) put('$schema', f.schema);
  put('name', f.name);
  const tree = f.criteriaJson === undefined ? undefined : jsonTree(f.criteriaJson);
  if (tree?.type === 'object') out.push(['segment_criteria', prettyJson(f.criteriaJson!, tree, '  ', 1)]);
  else put('segment_criteria', f.criteria);
  if (f.segmentId !== undefined) put('segment_id', f.segmentId);
  if (f.sync) put('sync', syncValue(f.sync));
  return `{\n${out.map(([k, v]) => `  ${JSON.stringify(k)}: ${v}`).join(',\n')}\n}\n`;
}

/** The sync record as it is written into a file: its keys in this order, `edited_at` only when known. */
export function syncValue(sync: SyncState): SyncState {
  return { account: sync.account, api: sync.api, hash: sync.hash, ...(sync.edited_at ? { edited_at: sync.edited_at } : {}) };
}

/**
 * Sets (or, with undefined, removes) `segment_id` and `sync` with minimal edits: only their own bytes
 * change; the rest of the file keeps its formatting, comments and layout (a one-line file stays one line).
 */
export function setSyncFields(text: string, segmentId: number | undefined, sync: SyncState | undefined): string {
  return setMember(setMember(text, 'segment_id', segmentId), 'sync', sync ? syncValue(sync) : undefined);
}

/**
 * A request or response body (or the guide's `{name, criteria}` shape) back to a readable file.
 * `segment_id` is dropped: a file is bound to a segment by deploy or pull only.
 */
export function unescapeBody(text: string, where = 'the input'): string {
  const v = parseJsonc(text, where);
  if (!isObject(v)) throw new SegmentFileError(`${where}: expected a JSON object like {"name": ..., "segment_criteria": "..."}.`);
  if (typeof v.name !== 'string') throw new SegmentFileError(`${where}: "name" is missing; expected {"name": ..., "segment_criteria": "..."}.`);
  const criteria = v.segment_criteria === undefined && isObject(v.criteria) ? { version: '1.0.0', criteria: v.criteria } : criteriaValue(v.segment_criteria, where);
  return renderSegmentFile({ name: v.name, criteria, ...(typeof v.segment_criteria === 'string' ? { criteriaJson: v.segment_criteria } : {}) });
}

/** A file name for a segment: its name in lower case, words joined by dashes. */
export function fileNameFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'segment'}.segment.json`;
}
