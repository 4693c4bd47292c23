// Runs every *.test.ts under test/ (except the extension-host and UI suites, which have runners of their own)
// with Node's test runner; TypeScript is loaded through tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
