/**
 * Run by test/run.mjs after the tests: what the sandboxes of every test process held against the published
 * contract, per operation the API client calls. Fails when an answer broke the contract and, on a whole
 * run, when an operation the client calls was never exercised (an endpoint added without a contract test).
 * Usage: node --import tsx test/contractCoverage.ts REPORT_DIR [--filtered]
 */
import { OPERATIONS } from '../api/src/operations.js';
import { readTallies } from '../sandbox/src/contract/recorder.js';

const [dir, mode] = process.argv.slice(2);
if (!dir) throw new Error('Give the folder the test processes reported to.');
const tally = readTallies(dir);
const zero = { requests: 0, refused: 0, answers: 0 };
const rows = Object.entries(OPERATIONS).map(([id, op]) => {
  const key = `${op.method} ${op.path}`;
  return { id, key, ...(tally.operations.get(key) ?? zero) };
});

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const num = (s: number, n: number) => String(s).padStart(n);
const idWidth = Math.max(...rows.map((r) => r.id.length));
const keyWidth = Math.max(...rows.map((r) => r.key.length));
const lines = [
  'Contract coverage: requests and answers held to api/contract/ctct-v3-api-subset.json, per operation the API client calls',
  `  ${pad('operation', idWidth)}  ${pad('', keyWidth)}  requests  refused  answers`,
  ...rows.map((r) => `  ${pad(r.id, idWidth)}  ${pad(r.key, keyWidth)}  ${num(r.requests, 8)}  ${num(r.refused, 7)}  ${num(r.answers, 7)}`),
];
console.log(lines.join('\n'));

let failed = false;
if (tally.violations.length) {
  const counts = new Map<string, number>();
  for (const v of tally.violations) counts.set(v, (counts.get(v) ?? 0) + 1);
  console.log(`\nAnswers that broke the contract (${tally.violations.length}):`);
  for (const [v, n] of counts) console.log(`  ${n > 1 ? `${n} x ` : ''}${v}`);
  failed = true;
}
const never = rows.filter((r) => r.requests === 0 || r.answers === 0);
if (mode === '--filtered') {
  console.log('\nA filtered run: every operation must be exercised on a whole run (node test/run.mjs).');
} else if (never.length) {
  console.log(`\nNever exercised against the sandbox with its answer checked: ${never.map((r) => `${r.id} (${r.key})`).join(', ')}.`);
  console.log('Add a test that calls it through the sandbox (test/api/contract.test.ts calls every client method).');
  failed = true;
}
process.exit(failed ? 1 : 0);
