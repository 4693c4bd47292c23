/**
 * `segment-criteria pull ID...|--all [--dir DIR] [--force]`: writes each segment as a readable
 * `.segment.json` (stable key order, two-space indent, final newline) bound to its account with
 * `segment_id` and `sync`. A file already bound to the segment is updated in place by the smallest edits
 * (its comments and layout stay; nothing is written when it already holds the segment), unless it holds
 * local edits that were never deployed (then --force discards them).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { pullDiscardsEdits } from '../../../domain/src/remoteSegment';
import { ApiError } from '../../../api/src/errors';
import { pulledFile, pulledText } from '../../../domain/src/pullText';
import { fileNameFor, parseSegmentFile, renderSegmentFile, type SegmentFile } from '../../../domain/src/segmentFile';
import type { SegmentDetail } from '../../../api/src/types';
import { UsageError } from '../usage';
import { connectOrExplain } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { folderProblem, writeFailure } from './namedFiles';
import { readSegmentText, UnreadableFileError } from './readSegmentText';
import { segmentFiles } from './segmentFiles';
import { quoted } from './terminalText';

export async function pull(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('pull', argv, { ...CONNECTION_OPTIONS, all: { type: 'boolean' }, dir: { type: 'string' }, force: { type: 'boolean' } });
  if (!values.all && positionals.length === 0) throw new UsageError('Name the segment ids to pull, or --all: segment-criteria pull 12 [--dir segments]');
  if (values.all && positionals.length) throw new UsageError('Give segment ids or --all, not both.');
  const ids = positionals.map((p) => {
    if (!/^[0-9]+$/.test(p)) throw new UsageError(`"${p}" is not a segment id (a whole number, as in the file's segment_id).`);
    return Number(p);
  });
  if (values.dir === '') throw new UsageError('--dir needs a folder, e.g. --dir segments');
  const dir = resolve(io.cwd, values.dir ?? '.');
  // Before any request: a file where the folder should be is a mistake in the command line.
  const dirProblem = folderProblem(dir, values.dir ?? '.', io.cwd);
  if (dirProblem) {
    io.err(`${dirProblem}\n`);
    return 2;
  }
  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  let ok = true;
  try {
    const account = (await conn.account()).encoded_account_id;
    const live = await conn.client.listSegments();
    const wanted = values.all ? live.map((s) => s.segment_id) : ids;
    if (values.all && wanted.length === 0) io.err(`The account has no segments.\n`);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      io.err(`${folderProblem(dir, values.dir ?? '.', io.cwd) ?? `Cannot create the folder ${values.dir ?? '.'} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`} Nothing was pulled.\n`);
      return 1;
    }
    const existing = await boundFiles(io, dir, account, conn.apiHost);
    if (!existing) return 2;
    for (const id of wanted) {
      let remote: SegmentDetail;
      try {
        remote = await conn.client.getSegment(id);
      } catch (e) {
        if (e instanceof ApiError && e.kind === 'not-found') {
          io.err(`Segment ${id} does not exist in this account.\n`);
          ok = false;
          continue;
        }
        throw e;
      }
      if (!live.some((s) => s.segment_id === id)) io.err(`Note: segment ${id} (${quoted(remote.name)}) is deleted in the account; pulled for reference.\n`);
      const pulled = pulledFile(remote, account, conn.apiHost);
      const target = chooseTarget(io, dir, existing, remote, !!values.force);
      if (!target) {
        ok = false;
        continue;
      }
      const bound = existing.get(id);
      // A bound file gets only what differs; a new one is written whole, the same bytes every time.
      const text = (bound && pulledText(bound.text, pulled)) ?? renderSegmentFile(pulled);
      let written: boolean;
      try {
        written = text === bound?.text || writeFileAtomic(target, text, bound ? { ifContentIs: bound.text } : {});
      } catch (e) {
        io.err(`Cannot write ${writeFailure(relative(io.cwd, target) || target, e)}; segment ${id} was not pulled.\n`);
        ok = false;
        continue;
      }
      if (!written) {
        io.err(`${relative(io.cwd, target) || target}: changed while pulling; not overwritten. Pull again.\n`);
        ok = false;
        continue;
      }
      existing.set(id, { abs: target, text, file: parseSegmentFile(text, target) });
      io.out(`${relative(io.cwd, target) || target}: segment ${id} ${quoted(remote.name)}\n`);
    }
  } catch (e) {
    io.err(`${conn.explain(e)}\n`);
    return 1;
  }
  return ok ? 0 : 1;
}

interface Bound {
  abs: string;
  text: string;
  file: SegmentFile;
}

/**
 * Files in the folder bound to segments of this account, by segment id; undefined after saying which
 * files cannot be read (any of them may be bound to a segment being pulled, so nothing is written).
 */
async function boundFiles(io: CliIo, dir: string, account: string, api: string): Promise<Map<number, Bound> | undefined> {
  const out = new Map<number, Bound>();
  const found = await segmentFiles([dir]);
  const unreadable: string[] = [...found.problems];
  for (const abs of found.files) {
    let text: string;
    try {
      text = readSegmentText(abs, relative(io.cwd, abs) || abs);
    } catch (e) {
      if (e instanceof UnreadableFileError) unreadable.push(e.message);
      continue;
    }
    try {
      const file = parseSegmentFile(text, abs);
      if (file.segmentId !== undefined && file.sync?.account === account && file.sync.api === api) out.set(file.segmentId, { abs, text, file });
    } catch {
      /* unparsable or unbound files are not ours to update */
    }
  }
  if (unreadable.length === 0) return out;
  io.err(`${unreadable.join('\n')}\nNothing pulled: one of these may be bound to a segment being pulled. Fix or move them, then pull again.\n`);
  return undefined;
}

function chooseTarget(io: CliIo, dir: string, existing: Map<number, Bound>, remote: SegmentDetail, force: boolean): string | undefined {
  const bound = existing.get(remote.segment_id);
  if (bound) {
    if (pullDiscardsEdits(bound.file, remote) && !force) {
      io.err(`${relative(io.cwd, bound.abs)}: has local edits that were never deployed; not overwritten. Deploy them first, pull into another folder (--dir) to compare, or pass --force to discard them.\n`);
      return undefined;
    }
    return bound.abs;
  }
  for (const name of [fileNameFor(remote.name), fileNameFor(remote.name).replace(/\.segment\.json$/, `-${remote.segment_id}.segment.json`)]) {
    const p = join(dir, name);
    if (!existsSync(p)) return p;
  }
  io.err(`Segment ${remote.segment_id}: ${fileNameFor(remote.name)} and its numbered variant already exist in ${relative(io.cwd, dir) || '.'} for other segments; pull into another folder with --dir.\n`);
  return undefined;
}
