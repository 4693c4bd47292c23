/**
 * Reading a segment file for any command: a regular file only (opening a FIFO waits for a writer, a
 * device never ends), and UTF-8 only (a lossy decode turns bad bytes into U+FFFD, which deploy would
 * send). A UTF-8 byte order mark is kept in the text: the parsers accept it, as VS Code does, and
 * write-back leaves it where it was.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { UsageError } from '../usage';

/** A file no command can use as it is; a UsageError, so it ends the CLI with exit 2. */
export class UnreadableFileError extends UsageError {}

export function readSegmentText(path: string, shown = path): string {
  let fd: number;
  try {
    // O_NONBLOCK: the open returns at once even for a FIFO, so fstat below can refuse it.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new UnreadableFileError(loopMessage(shown));
    throw e;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UnreadableFileError(`${shown}: not a regular file (it is ${kindOf(stats)}). Segment files are read from regular files only: name the file itself.`);
    return decodeUtf8(readFileSync(fd), shown);
  } finally {
    closeSync(fd);
  }
}

export function loopMessage(shown: string): string {
  return `${shown}: a loop of symbolic links. Point the link at a segment file or a folder.`;
}

function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO';
  if (s.isDirectory()) return 'a folder';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a file';
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes as text, or an error naming the line and column of the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, shown: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, firstInvalid(bytes)), { stream: true });
    const lines = before.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    const at = `line ${lines.length}, column ${lines[lines.length - 1]!.length + 1}`;
    throw new UnreadableFileError(`${shown}: not UTF-8 text (an invalid byte at ${at}). Segment files are UTF-8: convert it (in VS Code: Reopen with Encoding, then Save with Encoding, UTF-8) and try again.`);
  }
}

/** Where decoding fails: the shortest failing prefix, found by bisection (a failing prefix stays failing). */
function firstInvalid(bytes: Uint8Array): number {
  const fails = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, n), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, lo - 1);
}

/** Why a file named on the command line could not be read, in words (not an errno code). */
export function readFailure(shown: string, e: unknown): string {
  if (e instanceof UnreadableFileError) return e.message;
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `${shown}: no such file.`;
    case 'EACCES':
    case 'EPERM':
      return `${shown}: permission denied: check the file's permissions.`;
    case 'EISDIR':
      return `${shown} is a folder: name a .segment.json file.`;
    default:
      return `Cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`;
  }
}
