/**
 * A plan as a file: JSON with a version, written by `plan --out` and read by `apply --plan`. Reading
 * checks what apply relies on (paths, hashes, decisions), so a damaged or hand-edited plan is refused
 * rather than half trusted.
 */
import { PLAN_VERSION, type Plan, type PlanEntry } from './plan.js';

export function planToJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export type PlanFileProblem =
  /** Not JSON at all. */
  | 'not-json'
  /** JSON, but not a plan (no version, files or account). */
  | 'not-a-plan'
  /** A plan of another format version. */
  | 'version'
  /** A plan whose entries lack what apply needs; `detail` names the first such entry. */
  | 'damaged';

export class PlanFileError extends Error {
  constructor(
    readonly problem: PlanFileProblem,
    readonly detail?: string | number,
  ) {
    super(`plan file: ${problem}${detail !== undefined ? ` (${detail})` : ''}`);
  }
}

const ACTIONS = new Set(['create', 'update', 'unchanged', 'refused']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHash = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

export function readPlan(text: string): Plan {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new PlanFileError('not-json');
  }
  if (!isObject(v) || !('version' in v) || !Array.isArray(v.files) || typeof v.account !== 'string' || typeof v.api !== 'string') throw new PlanFileError('not-a-plan');
  if (v.version !== PLAN_VERSION) throw new PlanFileError('version', typeof v.version === 'number' || typeof v.version === 'string' ? v.version : undefined);
  const paths = new Set<string>();
  for (const e of v.files as unknown[]) {
    const where = isObject(e) && typeof e.path === 'string' ? e.path : undefined;
    if (!isObject(e) || where === undefined || paths.has(where) || !isHash(e.sha256) || typeof e.action !== 'string' || !ACTIONS.has(e.action)) throw new PlanFileError('damaged', where);
    if (e.action === 'refused' && !(isObject(e.refusal) && typeof e.refusal.reason === 'string')) throw new PlanFileError('damaged', where);
    if (e.segment_id !== undefined && !Number.isSafeInteger(e.segment_id)) throw new PlanFileError('damaged', where);
    if (e.remote !== undefined && !(isObject(e.remote) && isHash(e.remote.hash) && (e.remote.edited_at === undefined || typeof e.remote.edited_at === 'string'))) throw new PlanFileError('damaged', where);
    paths.add(where);
  }
  return {
    version: PLAN_VERSION,
    account: v.account,
    api: v.api,
    strict: v.strict === true,
    created_at: typeof v.created_at === 'string' ? v.created_at : '',
    files: v.files as PlanEntry[],
    unmanaged: Array.isArray(v.unmanaged) ? (v.unmanaged as Plan['unmanaged']) : [],
  };
}
