// Runs every *.test.ts under test/ (except the extension-host and UI suites, which have runners of their own)
// with Node's test runner; TypeScript is loaded through tsx. Then prints what the sandboxes held against the
// published API contract, per operation the client calls (test/contractCoverage.ts): each test process
// writes its tally to a shared folder, since the tests run in several processes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['vscode', 'e2e', 'fixtures']);
const only = process.argv.slice(2);

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!skip.has(name)) collect(p, out);
    } else if (name.endsWith('.test.ts')) {
      out.push(relative(root, p));
    }
  }
  return out;
}

let files = collect(join(root, 'test'), []);
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
const report = mkdtempSync(join(tmpdir(), 'contract-report-'));
const env = { ...process.env, SEGMENT_CRITERIA_CONTRACT_REPORT: report };
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { cwd: root, stdio: 'inherit', env });
const coverage = spawnSync(process.execPath, ['--import', 'tsx', 'test/contractCoverage.ts', report, ...(only.length ? ['--filtered'] : [])], { cwd: root, stdio: 'inherit' });
rmSync(report, { recursive: true, force: true });
process.exit(r.status || coverage.status || 0);
