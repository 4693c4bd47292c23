// Runs the extension-host suite in a downloaded VS Code with @vscode/test-electron, for machines that can
// reach Microsoft's download servers (these CI machines cannot: there the same suite runs in code-server,
// see runInCodeServer.ts). `npm run test:vscode`
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startSandbox } from '../../scripts/code-server/sandbox';
import { projectRoot } from '../../scripts/code-server/paths';
import { bundleSuite, suiteBundleDir } from './bundle';

async function main(): Promise<void> {
  await bundleSuite();
  // A copy of the fixtures: the tests edit files (and deploy writes segment_id into them).
  const root = mkdtempSync(join(tmpdir(), 'segment-test-electron-'));
  const workspace = join(root, 'workspace');
  cpSync(join(projectRoot, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
  const sandbox = await startSandbox();
  try {
    await runTests({
      // VS Code's version: the floor the extension declares, unless asked for another (e.g. "stable").
      version: process.env.VSCODE_TEST_VERSION ?? '1.91.0',
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: join(suiteBundleDir, 'index.js'),
      extensionTestsEnv: {
        ...(sandbox ? { SEGMENT_SANDBOX_URL: sandbox.apiBaseUrl } : {}),
        ...(process.env.SEGMENT_TEST_GREP ? { SEGMENT_TEST_GREP: process.env.SEGMENT_TEST_GREP } : {}),
      },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', join(root, 'user-data')],
    });
  } finally {
    await sandbox?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`test:vscode failed: ${(err as Error).message ?? String(err)}`);
  console.error('(This runner downloads VS Code; where that is impossible, use npm run test:vscode:code-server.)');
  process.exit(1);
});
