// Runs the UI tests (test/e2e/*.test.ts) with Node's test runner, one file at a time (each starts its own
// code-server and Chromium), after checking what they need and packaging the extension once.
// `npm run test:e2e`
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/code-server/paths';
import { requirePrerequisites } from '../../scripts/code-server/prerequisites';
import { ensurePackagedExtension } from '../../scripts/code-server/vsix';

requirePrerequisites('UI tests (code-server + Chromium)');
const vsix = ensurePackagedExtension();
const dir = join(projectRoot, 'test', 'e2e');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts') && (only.length === 0 || only.some((o) => f.includes(o))))
  .map((f) => join('test', 'e2e', f));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { ...process.env, SEGMENT_VSIX: vsix },
});
process.exit(r.status ?? 1);
