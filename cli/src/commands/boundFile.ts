/** Reading a segment file that must already be bound to a segment (rename, delete, preview). */
import { resolve } from 'node:path';
import { bindingProblem } from '../../../domain/src/deploy';
import { SegmentFileError, parseSegmentFile, type SegmentFile } from '../../../domain/src/segmentFile';
import { otherAccountMessage } from './bindingMessages';
import type { CliIo } from './io';
import { readFailure, readSegmentText } from './readSegmentText';

export interface LoadedFile {
  path: string;
  abs: string;
  text: string;
  file: SegmentFile;
}

/**
 * The file, or the exit code after printing why it cannot be used: 2 when it cannot be read (missing,
 * not a regular file, not UTF-8), 1 when it is not a usable segment file.
 */
export function loadFileOrExit(io: CliIo, path: string): LoadedFile | 1 | 2 {
  const abs = resolve(io.cwd, path);
  let text: string;
  try {
    text = readSegmentText(abs, path);
  } catch (e) {
    io.err(`${readFailure(path, e)}\n`);
    return 2;
  }
  try {
    return { path, abs, text, file: parseSegmentFile(text, path) };
  } catch (e) {
    if (e instanceof SegmentFileError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** The file, or undefined after printing why it cannot be used. */
export function loadFile(io: CliIo, path: string): LoadedFile | undefined {
  const f = loadFileOrExit(io, path);
  return typeof f === 'number' ? undefined : f;
}

/** The file's segment id when it is deployed to this account, or undefined after saying what to do. */
export function boundId(io: CliIo, f: LoadedFile, account: string, api: string, command: string): number | undefined {
  if (f.file.segmentId === undefined) {
    io.err(`${f.path} is not deployed yet (it has no segment_id). Deploy it first: segment-criteria deploy ${f.path}${command === 'preview' || command === 'count' ? ` (or ${command} it with --draft)` : ''}\n`);
    return undefined;
  }
  const problem = bindingProblem(f.file, account, api);
  if (problem) {
    io.err(`${otherAccountMessage(f.path, problem)}\n`);
    return undefined;
  }
  return f.file.segmentId;
}
