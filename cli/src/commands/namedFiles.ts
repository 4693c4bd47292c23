/**
 * Paths named on the command line besides the segment files: where a command writes (`preview --csv`,
 * `unescape --out`, `pull --dir`) and the plan file `apply --plan` reads. An output is checked before any
 * work or request, so that an export is never made only to fail at its end, and a command never writes
 * over a file it reads, whatever --force says. Messages say what is wrong and what to do, never an errno.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { resolveLink } from '../../../api/src/atomicWrite';
import { UnreadableFileError } from './readSegmentText';

/** `-` for an output: stdout, as `-` for an input is stdin. */
export const STDIO = '-';

export interface OutputRules {
  /** The option, as messages name it: `--csv`. */
  flag: string;
  /** Whether an existing file may be replaced. */
  force: boolean;
  /** The files the command reads, absolute, as given: never written over. */
  reads: { abs: string; shown: string }[];
  /** A file name for the example when the path is a folder: `contacts.csv`. */
  example: string;
}

export interface OutputProblem {
  message: string;
  /** 2: the path cannot be used (called wrongly); 1: an existing file kept (the action refused). */
  exit: 1 | 2;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why the command cannot write its output at `abs` (shown to the user as `shown`); undefined when it can. */
export function outputProblem(abs: string, shown: string, r: OutputRules): OutputProblem | undefined {
  const usage = (message: string): OutputProblem => ({ message, exit: 2 });
  const existing = statOrUndefined(abs);
  if (existing) {
    if (existing.isDirectory()) return usage(`${r.flag} ${shown} is a folder: name a file in it, e.g. ${r.flag} ${join(shown, r.example)}.`);
    // The same file however it is reached (a link, another spelling, a hard link).
    const read = r.reads.find((f) => {
      const s = statOrUndefined(f.abs);
      return s !== undefined && s.dev === existing.dev && s.ino === existing.ino;
    });
    if (read) return usage(`${r.flag} ${shown} is ${read.shown === shown ? 'the file' : `${read.shown}, the file`} this command reads: it is never written over, even with --force. Choose another ${r.flag} path.`);
    if (!existing.isFile()) return usage(`${r.flag} ${shown} is ${kindOf(existing)}: name a regular file${r.flag === '--dir' ? '' : `, or ${r.flag} - for stdout`}.`);
    if (!r.force) return { message: `${shown} already exists: not overwritten. Choose another ${r.flag} path, or pass --force to replace it.`, exit: 1 };
  }
  // The folder the file goes in: beside the target of a link, as the write goes there.
  const target = resolveLink(abs);
  const folder = dirname(target);
  const shownFolder = target === abs ? dirname(shown) : folder;
  const f = statOrUndefined(folder);
  if (!f) return usage(`${r.flag} ${shown}: the folder ${shownFolder} does not exist. Create it first (mkdir -p ${shownFolder}), or choose another path.`);
  if (!f.isDirectory()) return usage(`${r.flag} ${shown}: ${shownFolder} is a file, not a folder. Choose another path.`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return usage(`${r.flag} ${shown}: cannot write in the folder ${shownFolder} (permission denied). Choose another path.`);
  }
  return undefined;
}

/** Why a write failed after the checks above passed (the folder removed meanwhile, a full disk...). */
export function writeFailure(shown: string, e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `${shown}: its folder no longer exists`;
    case 'EACCES':
    case 'EPERM':
      return `${shown}: permission denied`;
    case 'EISDIR':
      return `${shown} is a folder`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `${shown}: the disk is full`;
    case 'EROFS':
      return `${shown}: the file system is read-only`;
    default:
      return `${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
}

/**
 * Why `pull --dir` cannot use a folder: a file where the folder should be (or on its way), or a folder
 * it cannot write in. A folder that does not exist yet is fine: pull creates it.
 */
export function folderProblem(abs: string, shown: string, cwd: string): string | undefined {
  const shownAt = (p: string) => (p.startsWith(cwd + sep) ? relative(cwd, p) : p);
  let at = abs;
  let s = statOrUndefined(at);
  // The nearest part of the path that exists: it must be a folder to create the rest in.
  while (!s && dirname(at) !== at) {
    at = dirname(at);
    s = statOrUndefined(at);
  }
  if (!s) return undefined;
  if (!s.isDirectory()) {
    return at === abs ? `--dir ${shown} is a file, not a folder: name a folder (pull creates it when it does not exist).` : `--dir ${shown}: ${shownAt(at)} is a file, not a folder: name a folder (pull creates it when it does not exist).`;
  }
  try {
    accessSync(at, constants.W_OK);
  } catch {
    return `--dir ${shown}: cannot write in ${at === abs ? 'it' : `the folder ${shownAt(at)}`} (permission denied). Choose another folder.`;
  }
  return undefined;
}

/** Why `apply --plan FILE` cannot read the plan file, and what to do; `dirs` are apply's folders. */
export function planFileUnreadable(given: string, abs: string, e: unknown, dirs: string[]): string {
  const plan = (out: string) => `segment-criteria plan ${dirs.join(' ')} --out ${out}`;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `The plan file ${given} does not exist: make one with \`${plan(given)}\`.`;
  if (statOrUndefined(abs)?.isDirectory()) return `${given} is a folder, not a plan file: name the file that \`${plan('FILE')}\` wrote.`;
  if (code === 'EACCES' || code === 'EPERM') return `Cannot read the plan file ${given}: permission denied. Check the file's permissions.`;
  if (e instanceof UnreadableFileError) return e.message;
  return `Cannot read the plan file ${given} (${code ?? String(e)}).`;
}
