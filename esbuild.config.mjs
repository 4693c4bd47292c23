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

/**
 * minimatch, which the language client loads only to match the globs of file operations (willCreateFiles
 * and the like) a server registers. Ours registers none (a test holds its capabilities to that), so the
 * extension carries a stand-in that says so if it is ever asked, instead of 29 KB of glob matching.
 */
const noFileOperationGlobs = {
  name: 'no-file-operation-globs',
  setup(build) {
    build.onResolve({ filter: /^minimatch$/ }, () => ({ path: 'minimatch', namespace: 'no-file-operation-globs' }));
    build.onLoad({ filter: /.*/, namespace: 'no-file-operation-globs' }, () => ({
      contents: `exports.Minimatch = class { constructor() { throw new Error('This build of the extension does not match file operation globs: the language server registered file operations it does not offer.'); } };`,
      loader: 'js',
    }));
  },
};

export const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], plugins: [semverLite, noFileOperationGlobs] },
  // The sandbox the extension starts on "Use Local Sandbox", loaded on demand (client/src/sandbox.ts).
  { entryPoints: ['sandbox/src/server.ts'], outfile: 'dist/sandbox.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/largeDocumentWorker.ts'], outfile: 'dist/large-document-worker.js' },
  { entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
