// Bundles the extension client, the sandbox it loads on demand, the language server, its worker for large
// documents and the CLI into dist/ (see esbuild.config.mjs).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { common, entries } from './esbuild.config.mjs';

const watch = process.argv.includes('--watch');
const existing = entries.filter((e) => existsSync(e.entryPoints[0]));

if (watch) {
  for (const e of existing) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(existing.map((e) => esbuild.build({ ...common, ...e })));
}
