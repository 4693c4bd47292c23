// The bundles in dist/, shared by the build (esbuild.mjs) and the test that holds the extension's bundle to
// its limits (test/unit/bundle.test.ts).
// jsonc-parser's default entry is a UMD build that breaks when bundled: prefer its ES module build.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')).version) },
};

/** semver's parse and satisfies modules (each exports its function), as scripts/build/semverLite.cjs has them. */
const semverLite = {
  name: 'semver-lite',
  setup(build) {
    const lite = fileURLToPath(new URL('scripts/build/semverLite.cjs', import.meta.url));
    build.onResolve({ filter: /^semver\/functions\/(parse|satisfies)$/ }, (args) => ({ path: args.path.split('/').pop(), namespace: 'semver-lite' }));
    build.onLoad({ filter: /.*/, namespace: 'semver-lite' }, (args) => ({ contents: `module.exports = require('./semverLite.cjs').${args.path};`, resolveDir: dirname(lite), loader: 'js' }));
  },
};

export const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], plugins: [semverLite] },
  // The sandbox the extension starts on "Use Local Sandbox", loaded on demand (client/src/sandbox.ts).
  { entryPoints: ['sandbox/src/server.ts'], outfile: 'dist/sandbox.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/largeDocumentWorker.ts'], outfile: 'dist/large-document-worker.js' },
  { entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
