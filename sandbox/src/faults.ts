/**
 * Injected faults, switchable while the sandbox runs (programmatically or with POST /__sandbox/faults):
 * server errors, slow answers, cut connections, and 401/403 answers. Each rule applies to requests whose
 * `METHOD /path` contains `match` (all API requests when absent), `times` times (forever when absent).
 */
export interface FaultRule {
  times?: number;
  match?: string;
}

export interface Faults {
  /** Answer with a 5xx (default 500) and the API's error array. */
  serverError?: FaultRule & { status?: number };
  /** Wait this long before answering. */
  slow?: FaultRule & { ms: number };
  /** Close the connection without an answer. */
  cut?: FaultRule;
  /** Answer 401 as if the token had expired. */
  unauthorized?: FaultRule;
  /** Answer 403 as if the user's role lacked the privilege. */
  forbidden?: FaultRule;
}

export type FaultKind = keyof Faults;

const KINDS: readonly FaultKind[] = ['serverError', 'slow', 'cut', 'unauthorized', 'forbidden'];

/** A switch that cannot be used: said in words the caller can act on. */
export class FaultsError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function wholeNumber(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * Checks a switch before it is used: a status node:http cannot send (`"abc"`, `99`) would otherwise throw
 * while answering, and a `null` rule set would fail every request.
 */
export function checkFaults(v: unknown): Faults {
  if (!isObject(v)) throw new FaultsError('The faults must be a JSON object.');
  const out: Faults = {};
  for (const [kind, rule] of Object.entries(v)) {
    if (!(KINDS as readonly string[]).includes(kind)) throw new FaultsError(`Unknown fault "${kind}": use ${KINDS.join(', ')}.`);
    if (rule === undefined) continue;
    if (!isObject(rule)) throw new FaultsError(`The fault "${kind}" must be an object like {"times": 1, "match": "GET /segments"}.`);
    if (rule.times !== undefined && !wholeNumber(rule.times, 0, Number.MAX_SAFE_INTEGER)) throw new FaultsError(`${kind}.times must be a whole number, 0 or more.`);
    if (rule.match !== undefined && typeof rule.match !== 'string') throw new FaultsError(`${kind}.match must be a string such as "GET /segments".`);
    if (kind === 'serverError' && rule.status !== undefined && !wholeNumber(rule.status, 500, 599)) throw new FaultsError('serverError.status must be a 5xx status, a whole number from 500 to 599.');
    if (kind === 'slow' && !wholeNumber(rule.ms, 0, 600_000)) throw new FaultsError('slow.ms must be a whole number of milliseconds from 0 to 600000.');
    Object.assign(out, { [kind]: structuredClone(rule) });
  }
  return out;
}

export class FaultSwitch {
  private faults: Faults = {};

  /** Replaces the faults; throws FaultsError, changing nothing, for a switch that cannot be used. */
  set(f: Faults): void {
    this.faults = checkFaults(f);
  }

  get current(): Faults {
    return structuredClone(this.faults);
  }

  /** Whether a fault fires for this request; counts it down. */
  take<K extends FaultKind>(kind: K, call: string): NonNullable<Faults[K]> | undefined {
    const rule = this.faults[kind];
    if (!rule) return undefined;
    if (rule.match && !call.includes(rule.match)) return undefined;
    if (rule.times !== undefined) {
      if (rule.times <= 0) return undefined;
      rule.times--;
    }
    return rule as NonNullable<Faults[K]>;
  }
}
