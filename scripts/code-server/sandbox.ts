// Starts the project's local Constant Contact sandbox (`node dist/cli.js sandbox --port 0`) and reads the URL
// and token it prints. Returns undefined while the CLI has no sandbox command yet, so callers can go on.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { endOnExit } from './children';
import { projectRoot } from './paths';

export interface RunningSandbox {
  apiBaseUrl: string;
  accessToken: string;
  stop(): Promise<void>;
}

const cliPath = join(projectRoot, 'dist', 'cli.js');

export function sandboxAvailable(): boolean {
  // The bundle names its commands as strings; no need to run it to know whether `sandbox` is one.
  return existsSync(cliPath) && /['"`]sandbox['"`]/.test(readFileSync(cliPath, 'utf8'));
}

export async function startSandbox(timeoutMs = 30_000): Promise<RunningSandbox | undefined> {
  if (!sandboxAvailable()) return undefined;
  const child = spawn(process.execPath, [cliPath, 'sandbox', '--port', '0'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  endOnExit(child, { group: false });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('did not print its API base URL in time'), timeoutMs);
    function fail(why: string): void {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`sandbox ${why}:\n${out}`));
    }
    child.once('exit', (code) => fail(`exited with ${code}`));
    child.stdout.on('data', () => {
      const url = /API base URL:\s*(\S+)/.exec(out)?.[1];
      const token = /Access token:\s*(\S+)/.exec(out)?.[1];
      if (url && token) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ apiBaseUrl: url, accessToken: token, stop: () => stopProcess(child) });
      }
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}
