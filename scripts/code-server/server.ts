// Starts code-server on a free loopback port with its own user-data and extensions folders, and installs
// extensions into them. Readiness is read from code-server's own "listening on" line, never from a timer.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { endOnExit, kill } from './children';
import { entryScript } from './paths';

const execFileAsync = promisify(execFile);

export interface CodeServerProfile {
  /** code-server's --user-data-dir: settings, state, logs. Fresh per run, so no state leaks between runs. */
  userDataDir: string;
  /** code-server's --extensions-dir. */
  extensionsDir: string;
}

export interface RunningCodeServer {
  /** e.g. http://127.0.0.1:38851/ */
  url: string;
  /** The workbench URL with a folder open. */
  urlFor(folder: string): string;
  /** Everything code-server printed so far, for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

function baseArgs(profile: CodeServerProfile): string[] {
  mkdirSync(profile.userDataDir, { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  return [
    entryScript,
    // Its own config file, so code-server never writes one into the user's home.
    '--config', join(profile.userDataDir, 'config.yaml'),
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/** Installs a packaged .vsix into the profile. */
export async function installExtension(profile: CodeServerProfile, vsixPath: string): Promise<void> {
  const { stdout, stderr } = await execFileAsync(process.execPath, [...baseArgs(profile), '--install-extension', vsixPath]);
  const out = `${stdout}${stderr}`;
  if (!/successfully installed/i.test(out)) throw new Error(`code-server could not install ${vsixPath}:\n${out}`);
}

/** Ids of the extensions installed in the profile, as code-server itself sees them. */
export async function listExtensions(profile: CodeServerProfile): Promise<string[]> {
  const { stdout } = await execFileAsync(process.execPath, [...baseArgs(profile), '--list-extensions']);
  return stdout.split('\n').map((l) => l.trim()).filter((l) => /^[\w-]+\.[\w-]+$/.test(l));
}

export interface StartOptions {
  /** Folder to open when a browser connects without ?folder=. */
  folder?: string;
  /** Extra environment for code-server and so for its extension host. */
  env?: NodeJS.ProcessEnv;
  /** Fixed port; 0 (default) lets the OS choose. */
  port?: number;
  /** Where to bind; loopback unless a user asks for more. */
  host?: string;
  /** Milliseconds to wait for the "listening" line. */
  timeoutMs?: number;
}

export async function startCodeServer(profile: CodeServerProfile, options: StartOptions = {}): Promise<RunningCodeServer> {
  const host = options.host ?? '127.0.0.1';
  const args = [...baseArgs(profile), '--auth', 'none', '--bind-addr', `${host}:${options.port ?? 0}`];
  if (options.folder) args.push(options.folder);
  // Its own process group, so stop() ends code-server together with the extension host and helpers it forks.
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));

  endOnExit(child, { group: true });

  const url = await new Promise<string>((resolve, reject) => {
    const onData = (): void => {
      const m = /HTTP server listening on (http:\/\/\S+)/.exec(log);
      if (!m) return;
      settle();
      resolve(m[1]!.endsWith('/') ? m[1]! : `${m[1]}/`);
    };
    const onExit = (code: number | null): void => fail(`code-server exited with ${code} before listening`);
    const timer = setTimeout(() => fail('code-server did not start listening in time'), options.timeoutMs ?? 60_000);
    function settle(): void {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    }
    function fail(why: string): void {
      settle();
      killGroup(child, 'SIGKILL');
      reject(new Error(`${why}\n--- code-server output ---\n${log}`));
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });

  return {
    url,
    urlFor: (folder) => `${url}?folder=${encodeURIComponent(folder)}`,
    output: () => log,
    stop: () => stopChild(child),
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  kill(child, signal, true);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return killGroup(child, 'SIGKILL');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // Helpers (extension host, watchers) may outlive the parent briefly: end the rest of the group too.
  killGroup(child, 'SIGKILL');
}
