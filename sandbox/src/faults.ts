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

export class FaultSwitch {
  private faults: Faults = {};

  set(f: Faults): void {
    this.faults = structuredClone(f);
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
