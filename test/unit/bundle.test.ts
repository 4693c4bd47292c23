// The extension's entry bundle: no module of the checker or of the sandbox (the extension asks the language
// server to check, and loads the sandbox from a bundle of its own on demand), and at most 600 KB minified.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
// @ts-expect-error: a plain ES module with no type declarations
import { common, entries } from '../../esbuild.config.mjs';
import { CLIENT_MAY_USE } from './clientBoundary';

const MAX_BYTES = 600_000;

describe('the extension bundle', () => {
  it('holds no checker or sandbox module and stays within its size', async () => {
    const client = (entries as { outfile: string }[]).find((e) => e.outfile === 'dist/client.js')!;
    const r = await esbuild.build({ ...(common as esbuild.BuildOptions), ...(client as esbuild.BuildOptions), outfile: 'client.js', write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
    // Paths of inputs are relative to the working folder; node_modules may sit behind a link.
    const inputs = Object.keys(r.metafile.inputs).map((p) => p.replace(/^(\.\.\/)+[^/]+\/(?=node_modules\/)/, ''));
    const project = inputs.filter((p) => !p.includes('node_modules/'));
    assert.deepEqual(project.filter((p) => p.startsWith('sandbox/')), [], 'sandbox modules in the extension bundle');
    assert.deepEqual(project.filter((p) => p.startsWith('server/') && !CLIENT_MAY_USE.has(p)), [], 'language-server modules beyond the protocol and plain data');
    // The language client's file-operation globs: a stand-in (our server registers no file operations).
    assert.deepEqual(inputs.filter((p) => p.includes('node_modules/minimatch/')), [], 'minimatch in the extension bundle');
    const bytes = r.outputFiles.find((f) => f.path.endsWith('client.js'))!.contents.length;
    assert.ok(bytes <= MAX_BYTES, `dist/client.js is ${bytes} bytes minified; at most ${MAX_BYTES}`);
  });
});
