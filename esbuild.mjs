// Bundles the extension client, the language server and the CLI into dist/.
// jsonc-parser's default entry is a UMD build that breaks when bundled: prefer its ES module build.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/checkWorker.ts'], outfile: 'dist/check-worker.js' },
  { entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

const existing = [];
for (const e of entries) if (existsSync(e.entryPoints[0])) existing.push(e);

if (watch) {
  for (const e of existing) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(existing.map((e) => esbuild.build({ ...common, ...e })));
}
