// The UI tests on a busy machine: `npm run test:e2e` while another clone of this repository runs `npm start`
// (its own code-server and sandbox) and three CPU-bound processes spin beside them. An acceptance check for
// the suite's waits, not a CI step. `npm run test:e2e:load`
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endOnExit, kill } from '../../scripts/code-server/children';
import { cacheDir, projectRoot } from '../../scripts/code-server/paths';
import { requirePrerequisites } from '../../scripts/code-server/prerequisites';

const HOGS = 3;
const START_TIMEOUT_MS = 5 * 60_000;

requirePrerequisites('UI tests under load (code-server + Chromium)');

/**
 * A clone of this repository's HEAD that shares its installed packages and code-server (symlinks), so it
 * starts in seconds; its own `.cache/` holds what its `npm start` writes.
 */
function makeClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'segment-load-clone-'));
  execFileSync('git', ['clone', '--quiet', projectRoot, dir]);
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, '.cache'));
  symlinkSync(cacheDir, join(dir, '.cache', 'code-server'));
  return dir;
}

/** Starts `npm start` in `dir` and resolves once it prints its URL (code-server is serving). */
function startOther(dir: string): Promise<ChildProcess> {
  const child = spawn('npm', ['start'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: '0' } });
  endOnExit(child, { group: true });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the other clone's npm start printed no URL in ${START_TIMEOUT_MS / 1000} s:\n${out}`)), START_TIMEOUT_MS);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /Segment Criteria in VS Code \(code-server\): (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      console.log(`load: the other clone's npm start serves ${m[1]}`);
      resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the other clone's npm start exited with ${code}:\n${out}`));
    });
  });
}

function startHogs(): ChildProcess[] {
  return Array.from({ length: HOGS }, () => {
    const hog = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
    endOnExit(hog, { group: false });
    return hog;
  });
}

function runUiTests(): Promise<number> {
  const child = spawn('npm', ['run', '--silent', 'test:e2e', '--', ...process.argv.slice(2)], { cwd: projectRoot, stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function main(): Promise<number> {
  const clone = makeClone();
  let other: ChildProcess | undefined;
  let hogs: ChildProcess[] = [];
  try {
    other = await startOther(clone);
    hogs = startHogs();
    console.log(`load: ${HOGS} CPU-bound processes started; running the UI tests`);
    return await runUiTests();
  } finally {
    for (const hog of hogs) kill(hog, 'SIGKILL', false);
    if (other && other.exitCode === null) {
      const exited = new Promise((resolve) => other!.once('exit', resolve));
      kill(other, 'SIGTERM', true);
      await exited;
    }
    rmSync(clone, { recursive: true, force: true });
  }
}

main().then(
  (status) => {
    console.log(`load: UI tests beside npm start and ${HOGS} CPU-bound processes: ${status === 0 ? 'passed' : 'FAILED'}`);
    process.exit(status);
  },
  (err: unknown) => {
    console.error(`load: ${(err as Error).message}`);
    process.exit(1);
  },
);
