import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Temporary files of this product only: `.NAME.segment-criteria.PID.HEX.tmp`. */
const TEMP = /^\..+\.segment-criteria\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** A temporary file this old is left over even if its process id is in use again. */
const STALE_MS = 10 * 60_000;

export interface AtomicWriteOptions {
  /** The file's mode; by default an existing file keeps its own, a new one gets 0666 less the umask. */
  mode?: number;
  /**
   * Write only if the file still holds exactly this text (checked just before the rename): false, and
   * nothing written, when someone else changed it meanwhile.
   */
  ifContentIs?: string;
}

/**
 * Writes a file whole or not at all: a temporary file beside it, flushed to disk, then a rename. A reader
 * (an editor, another run) never sees half a file, and a crash leaves the old one intact. A symbolic link
 * is written through (its target is replaced, the link stays), an existing file keeps its mode, and
 * temporary files left by a killed run are removed.
 */
export function writeFileAtomic(path: string, text: string, opts: AtomicWriteOptions = {}): boolean {
  const { mode, ifContentIs } = opts;
  const target = resolveLink(path);
  const dir = dirname(target);
  removeStaleTemps(dir);
  const existingMode = mode ?? modeOf(target);
  const tmp = join(dir, `.${basename(target)}.segment-criteria.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // Created private, given the final mode once written: never readable by more people than the file.
    const fd = openSync(tmp, 'wx', existingMode === undefined ? 0o666 : 0o600);
    try {
      writeSync(fd, text, null, 'utf8');
      if (existingMode !== undefined) fchmodSync(fd, existingMode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (ifContentIs !== undefined && readOrUndefined(target) !== ifContentIs) {
      rmSync(tmp, { force: true });
      return false;
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw namingTarget(e, tmp, path);
  }
  syncDir(dir);
  return true;
}

/** An error about the temporary file, told about the file being written: the temporary name means nothing to anyone. */
function namingTarget(e: unknown, tmp: string, path: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err instanceof Error && err.path === tmp) {
    err.path = path;
    err.message = err.message.split(tmp).join(path);
  }
  return e;
}

/** The file a path ends at through symbolic links (also a link's target that does not exist yet). */
export function resolveLink(path: string): string {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = readlinkSync(p);
    } catch {
      return p; // not a link
    }
    p = resolve(dirname(p), link);
  }
  return path;
}

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Makes the rename itself durable; not every system can open a directory, which is fine. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * Removes temporary files of this product that no running write owns: their process is gone, is this one
 * (whose writes are synchronous, so none is under way), or they are old. Other files are never touched.
 */
export function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const p = join(dir, name);
    try {
      const pid = Number(m[1]);
      if (pid !== process.pid && alive(pid) && Date.now() - statSync(p).mtimeMs < STALE_MS) continue;
      rmSync(p, { force: true });
    } catch {
      /* gone already, or not ours to remove */
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
