// Bundles the extension-host suite and the runner extension with esbuild into .cache/vscode-test/, inside
// the project so the bundles' require('mocha') finds the project's mocha (one instance for runner and tests).
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { projectRoot } from '../../scripts/code-server/paths';

const here = join(projectRoot, 'test', 'vscode');
export const bundleDir = join(projectRoot, '.cache', 'vscode-test');
export const suiteBundleDir = join(bundleDir, 'suite');
export const runnerBundleDir = join(bundleDir, 'runner');

export async function bundleSuite(): Promise<void> {
  for (const dir of [suiteBundleDir, runnerBundleDir]) rmSync(dir, { recursive: true, force: true });
  const suiteSrc = join(here, 'suite');
  const entries = readdirSync(suiteSrc).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  const common: esbuild.BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // jsonc-parser's default entry is a UMD build that breaks when bundled.
    mainFields: ['module', 'main'],
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  };
  await esbuild.build({ ...common, entryPoints: entries.map((f) => join(suiteSrc, f)), outdir: suiteBundleDir });
  await esbuild.build({ ...common, entryPoints: [join(here, 'runner', 'extension.ts')], outfile: join(runnerBundleDir, 'extension.js') });
  mkdirSync(runnerBundleDir, { recursive: true });
  copyFileSync(join(here, 'runner', 'package.json'), join(runnerBundleDir, 'package.json'));
}
