// The stand-in for semver's parse and satisfies in the extension bundle (esbuild.config.mjs) answers as
// semver does the language client's one question: does this VS Code meet the range the client was built for?
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain ES module with no type declarations
import { common, entries } from '../../esbuild.config.mjs';

const require = createRequire(import.meta.url);
type Parse = (v: string) => { prerelease: string[] } | null;
type Satisfies = (v: unknown, range: string) => boolean;
const clientBuild = (entries as { outfile: string }[]).find((e) => e.outfile === 'dist/client.js')! as esbuild.BuildOptions;

/** The two modules as the extension bundle has them: required as the language client requires them. */
async function bundled(): Promise<{ parse: Parse; satisfies: Satisfies; inputs: string[] }> {
  const r = await esbuild.build({
    ...(common as esbuild.BuildOptions),
    plugins: clientBuild.plugins,
    entryPoints: undefined,
    stdin: { contents: "module.exports = { parse: require('semver/functions/parse'), satisfies: require('semver/functions/satisfies') };", resolveDir: process.cwd() },
    write: false,
    metafile: true,
    sourcemap: false,
    minify: false,
  });
  const module = { exports: {} as { parse: Parse; satisfies: Satisfies } };
  new Function('module', 'exports', 'require', r.outputFiles[0]!.text)(module, module.exports, require);
  return { ...module.exports, inputs: Object.keys(r.metafile.inputs) };
}

describe('semverLite', () => {
  it('is what the extension bundle carries instead of semver, one function per module as semver exports them', async () => {
    const { parse, satisfies, inputs } = await bundled();
    assert.equal(typeof parse, 'function');
    assert.equal(typeof satisfies, 'function');
    assert.deepEqual(inputs.filter((p) => p.includes('node_modules/semver/')), []);
  });

  it('answers as semver does for VS Code versions and caret ranges', async () => {
    const lite = await bundled();
    const semverParse = require('semver/functions/parse') as Parse;
    const semverSatisfies = require('semver/functions/satisfies') as Satisfies;
    const versions = ['1.91.0', '1.91.1', '1.90.9', '1.100.0', '2.0.0', '0.91.0', '1.91.0-insider', '1.95.3', 'v1.92.0', 'not a version'];
    for (const range of ['^1.91.0', '^1.82.0', '^1.100.2']) {
      for (const v of versions) {
        // As the client asks: parsed first, with an insider's pre-release dropped.
        const mine = lite.parse(v);
        const theirs = semverParse(v);
        assert.equal(!!mine, !!theirs, `parse ${v}`);
        assert.equal(lite.satisfies(v, range), semverSatisfies(v, range), `${v} in ${range}, unparsed`);
        if (!mine || !theirs) continue;
        mine.prerelease = [];
        theirs.prerelease = [];
        assert.equal(lite.satisfies(mine, range), semverSatisfies(theirs, range), `${v} in ${range}`);
      }
    }
  });
});
