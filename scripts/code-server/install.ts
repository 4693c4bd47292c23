// Installs code-server into the git-ignored cache without any download from outside the npm registry:
// its postinstall fetches ripgrep from GitHub, so scripts are skipped and the steps it would run are done
// here by hand, with Debian's ripgrep copied in. Idempotent: a marker written last makes a second run instant.
//   node --import tsx scripts/code-server/install.ts
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_SERVER_VERSION, cacheDir, installedMarker, vscodeDir } from './paths';
import { findOnPath } from './which';

export class MissingPrerequisite extends Error {}

export function isCodeServerInstalled(): boolean {
  return existsSync(installedMarker);
}

function log(message: string): void {
  console.log(`[code-server install] ${message}`);
}

function npm(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
}

/** `ln -sfn target name` inside dir. */
function link(dir: string, target: string, name: string): void {
  rmSync(join(dir, name), { force: true, recursive: false });
  symlinkSync(target, join(dir, name));
}

export function installCodeServer(): void {
  if (isCodeServerInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION} is already installed in ${cacheDir}`);
    return;
  }
  const rg = findOnPath('rg');
  if (!rg) throw new MissingPrerequisite('ripgrep (`rg`) is not installed: apt-get install ripgrep');

  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (about 300 MB, a minute or two)`);
  // A half-finished install from an interrupted run is not trusted: start over.
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  // Its own package.json keeps npm from treating the project as the install root.
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ private: true }, null, 2) + '\n');

  log('1/6 npm install code-server --ignore-scripts');
  npm(cacheDir, ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--omit=dev']);

  log('2/6 npm install in lib/vscode (VS Code server dependencies)');
  npm(vscodeDir, ['install', '--omit=dev', '--ignore-scripts']);

  log(`3/6 ripgrep: copying ${rg}`);
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  copyFileSync(rg, join(rgBin, 'rg'));
  chmodSync(join(rgBin, 'rg'), 0o755);

  log('4/6 npm rebuild in lib/vscode (node-pty, spdlog, watchers; kerberos if libkrb5-dev is there)');
  // kerberos is optional for VS Code (proxy auth only); its failure must not fail the install.
  npm(vscodeDir, ['rebuild'], { npm_config_yes: 'true' });

  log('5/6 links VS Code expects from its packaged layout');
  link(vscodeDir, 'node_modules', 'node_modules.asar');
  link(join(vscodeDir, 'bin', 'remote-cli'), 'code-linux.sh', 'code-server');
  link(join(vscodeDir, 'bin', 'helpers'), 'browser-linux.sh', 'browser.sh');

  log('6/6 built-in extensions dependencies, then argon2 for code-server itself');
  npm(join(vscodeDir, 'extensions'), ['install', '--omit=dev']);
  npm(cacheDir, ['rebuild', 'argon2'], { npm_config_yes: 'true' });

  writeFileSync(installedMarker, `${new Date().toISOString()}\n`);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    installCodeServer();
  } catch (err) {
    console.error(`[code-server install] failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
