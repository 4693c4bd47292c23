/** The CLI's words for plans: entries, refusals, differences from a plan file, and plan file problems. */
import type { PlanDifference, PlanEntry, PlanRefusal } from '../../../domain/src/plan';
import type { PlanFileError } from '../../../domain/src/planFile';
import { deployMessage, duplicateNameMessage } from './deployMessages';
import { quoted } from './terminalText';

const LABEL: Record<string, string> = {
  'name-taken': 'name taken',
  'other-account': 'other account',
  'not-found': 'segment not found',
  deleted: 'segment deleted',
  'no-sync-record': 'no sync record',
  'remote-edited': 'remote edited',
  invalid: 'invalid',
  'duplicate-segment-id': 'duplicate segment_id',
  'duplicate-name': 'duplicate name',
};

/** `create`, `update`, `unchanged`, `refused (remote edited)`, ...: how an entry's decision is named. */
export function decisionLabel(e: PlanEntry): string {
  return e.action === 'refused' ? `refused (${LABEL[e.refusal.reason] ?? e.refusal.reason})` : e.action;
}

/** Why a file is refused, without the path: a sentence, then (for invalid files) the checker's errors. */
export function refusalText(path: string, r: PlanRefusal): string {
  switch (r.reason) {
    case 'invalid': {
      const lines = r.diagnostics.map((d) => `  ${path}:${d.line}:${d.column}: error ${d.code} ${d.message}`);
      const head = r.fileError ?? `${r.diagnostics.length} error${r.diagnostics.length === 1 ? '' : 's'}; fix ${r.diagnostics.length === 1 ? 'it' : 'them'} (segment-criteria check ${path}).`;
      return [head, ...lines].join('\n');
    }
    case 'duplicate-segment-id':
      return `segment_id ${r.segmentId} is in ${r.paths.join(' and ')}: one segment is deployed from one file. Keep it in one file, and remove "segment_id" and "sync" from the copies to create new segments from them.`;
    case 'duplicate-name':
      return duplicateNameMessage(r.name, r.paths);
    default: {
      const m = deployMessage(path, { kind: 'refused', ...r });
      return m.startsWith(`${path}: `) ? m.slice(path.length + 2) : m;
    }
  }
}

/** One line per file (an invalid file's errors follow it, indented). */
export function entryText(e: PlanEntry): string {
  const seg = e.segment_id !== undefined ? `segment ${e.segment_id} ` : 'segment ';
  const name = e.name !== undefined ? quoted(e.name) : '';
  switch (e.action) {
    case 'create':
      return `${e.path}: create segment ${name}`;
    case 'update':
      return `${e.path}: update ${seg}${name}`;
    case 'unchanged':
      return `${e.path}: unchanged (${seg}${name})`;
    case 'refused':
      return `${e.path}: ${decisionLabel(e)}: ${refusalText(e.path, e.refusal)}`;
  }
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

export function differenceText(d: PlanDifference): string {
  switch (d.kind) {
    case 'account':
      return `The plan was made for account ${d.planned.account} at ${d.planned.api}, but you are signed in to account ${d.now.account} at ${d.now.api}.`;
    case 'file-added':
      return `${d.path}: not in the plan (added since it was made).`;
    case 'file-removed':
      return `${d.path}: in the plan, but no longer found.`;
    case 'file-changed':
      return `${d.path}: changed since the plan (sha256 ${short(d.planned)} then, ${short(d.now)} now).`;
    case 'remote-changed': {
      if (!d.now) return `${d.path}: segment ${d.segmentId} could not be read now (it was read when planning).`;
      if (!d.planned) return `${d.path}: segment ${d.segmentId} can be read now, but could not when planning.`;
      const when = d.planned.edited_at !== d.now.edited_at ? ` (edited ${d.planned.edited_at ?? 'at an unknown time'} then, ${d.now.edited_at ?? 'at an unknown time'} now)` : '';
      return `${d.path}: segment ${d.segmentId} changed in the account since the plan${when}.`;
    }
    case 'decision-changed':
      return `${d.path}: the plan said ${d.planned}; deploy would now decide ${d.now}.`;
  }
}

export function planFileProblem(path: string, e: PlanFileError): string {
  switch (e.problem) {
    case 'not-json':
      return `${path}: not a plan file (not JSON). Give the file that plan --out wrote, or make one: segment-criteria plan DIR --out plan.json`;
    case 'not-a-plan':
      return `${path}: not a plan file (no version, account or files). Give the file that plan --out wrote, or make one: segment-criteria plan DIR --out plan.json`;
    case 'version':
      return `${path}: a plan of format version ${e.detail ?? '(none)'}; this segment-criteria reads version 1. Make the plan again with this version.`;
    case 'damaged':
      return `${path}: the plan file is damaged${e.detail !== undefined ? ` at the entry for ${e.detail}` : ''} (a path, sha256 or decision is missing or wrong). Make the plan again.`;
  }
}
