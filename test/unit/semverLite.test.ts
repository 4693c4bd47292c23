// The stand-in for semver's parse and satisfies in the extension bundle agrees with semver on the
// language client's one question: does this VS Code version meet the caret range the client was built for?
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

const require = createRequire(import.meta.url);
const lite = require('../../scripts/build/semverLite.cjs') as { parse(v: string): { prerelease: string[] } | null; satisfies(v: unknown, r: string): boolean };
const semverParse = require('semver/functions/parse') as (v: string) => { prerelease: string[] } | null;
const semverSatisfies = require('semver/functions/satisfies') as (v: unknown, r: string) => boolean;

describe('semverLite', () => {
  it('answers as semver does for VS Code versions and caret ranges', () => {
    const versions = ['1.91.0', '1.91.1', '1.90.9', '1.100.0', '2.0.0', '0.91.0', '1.91.0-insider', '1.95.3', 'v1.92.0', 'not a version'];
    for (const range of ['^1.91.0', '^1.82.0', '^1.100.2']) {
      for (const v of versions) {
        // As the client asks: parsed first, with an insider's pre-release dropped.
        const mine = lite.parse(v);
        const theirs = semverParse(v);
        assert.equal(!!mine, !!theirs, `parse ${v}`);
        if (!mine || !theirs) continue;
        mine.prerelease = [];
        theirs.prerelease = [];
        assert.equal(lite.satisfies(mine, range), semverSatisfies(theirs, range), `${v} in ${range}`);
        assert.equal(lite.satisfies(v, range), semverSatisfies(v, range), `${v} in ${range}, unparsed`);
      }
    }
  });

  it('is what the extension bundle carries instead of semver', async () => {
    const esbuild = await import('esbuild');
    // @ts-expect-error: a plain ES module with no type declarations
    const { common, entries } = await import('../../esbuild.config.mjs');
    const client = (entries as { outfile: string }[]).find((e) => e.outfile === 'dist/client.js')!;
    const r = await esbuild.build({ ...common, ...client, outfile: 'client.js', write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
    const inputs = Object.keys(r.metafile!.inputs);
    assert.deepEqual(inputs.filter((p) => p.includes('node_modules/semver/')), []);
    assert.ok(inputs.some((p) => p.endsWith('scripts/build/semverLite.cjs')));
  });
});
