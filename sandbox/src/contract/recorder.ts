/**
 * A tally of what was held against the contract, per operation: requests checked (and refused), answers
 * checked, and every answer that broke the contract. Tests run in several processes, so when
 * SEGMENT_CRITERIA_CONTRACT_REPORT names a folder, each process also writes what it checked to a file of
 * its own there as it exits (no file I/O while it answers requests), and the test run adds them up
 * (readTallies).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONTRACT_REPORT_ENV = 'SEGMENT_CRITERIA_CONTRACT_REPORT';

export interface OperationTally {
  requests: number;
  refused: number;
  answers: number;
}

interface ContractEvent {
  /** `METHOD /path` as in the spec. */
  op: string;
  kind: 'request' | 'refused' | 'answer' | 'violation';
  detail?: string;
}

export class ContractTally {
  readonly operations = new Map<string, OperationTally>();
  readonly violations: string[] = [];

  add(e: ContractEvent): void {
    const t = this.operations.get(e.op) ?? { requests: 0, refused: 0, answers: 0 };
    this.operations.set(e.op, t);
    if (e.kind === 'request' || e.kind === 'refused') t.requests++;
    if (e.kind === 'refused') t.refused++;
    if (e.kind === 'answer' || e.kind === 'violation') t.answers++;
    if (e.kind === 'violation') this.violations.push(`${e.op}: ${e.detail ?? ''}`);
  }
}

export class ContractRecorder extends ContractTally {
  /** Kept only to be written to a report file. */
  private readonly events: ContractEvent[] | undefined;

  constructor(file?: string) {
    super();
    if (!file) return;
    const events: ContractEvent[] = (this.events = []);
    process.once('exit', () => writeFileSync(file, events.map((e) => JSON.stringify(e) + '\n').join('')));
  }

  request(op: string, problems: string[]): void {
    this.record(problems.length ? { op, kind: 'refused', detail: problems.join('; ') } : { op, kind: 'request' });
  }

  answer(op: string, problems: string[]): void {
    this.record(problems.length ? { op, kind: 'violation', detail: problems.join('; ') } : { op, kind: 'answer' });
  }

  private record(e: ContractEvent): void {
    this.add(e);
    this.events?.push(e);
  }
}

let shared: ContractRecorder | undefined;

/** This process's recorder, writing to the report folder when one is set. */
export function processRecorder(): ContractRecorder {
  const dir = process.env[CONTRACT_REPORT_ENV];
  return (shared ??= new ContractRecorder(dir ? join(dir, `${process.pid}.jsonl`) : undefined));
}

/** What every process that wrote to the report folder checked, added up. */
export function readTallies(dir: string): ContractTally {
  const tally = new ContractTally();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) if (line) tally.add(JSON.parse(line) as ContractEvent);
  }
  return tally;
}
