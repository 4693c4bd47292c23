/**
 * `segment-criteria count FILE|ID [--draft] [--strict]`: the exact number of contacts in the file's deployed
 * segment (or the segment with that id), printed as `N contacts`, from one export activity's
 * `items_total_count`: a few requests whatever the segment's size. `--draft` counts the file as it is,
 * after checking it (--strict as in check), through a temporary segment deleted afterwards even on errors
 * and Ctrl-C.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { countDraft, countSegment, type SegmentCount } from '../../../domain/src/count';
import { holdsRemote, segmentPresence } from '../../../domain/src/remoteSegment';
import { UsageError } from '../usage';
import { contactsPhrase, requestsPhrase, segmentIdGoneMessage } from './audienceMessages';
import { segmentGoneMessage } from './bindingMessages';
import { boundId, loadFileOrExit, type LoadedFile } from './boundFile';
import { cancelOnSignal, stoppedBy } from './cancelOnSignal';
import { errorLines } from './checkFile';
import { connectOrExplain } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';

const USAGE = 'segment-criteria count FILE|ID [--draft] [--strict]';

export async function count(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('count', argv, { ...CONNECTION_OPTIONS, draft: { type: 'boolean' }, strict: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError(`count takes one file or segment id: ${USAGE}`);
  const target = positionals[0]!;
  // A bare number names a segment, unless a file has that name.
  const segmentId = /^[0-9]+$/.test(target) && !existsSync(resolve(io.cwd, target)) ? Number(target) : undefined;
  if (segmentId !== undefined && !Number.isSafeInteger(segmentId)) throw new UsageError(`${target} is too large for a segment id.`);
  if (segmentId !== undefined && values.draft) throw new UsageError(`--draft counts a file as it is: give a file, not a segment id (${USAGE}).`);
  let f: LoadedFile | undefined;
  if (segmentId === undefined) {
    const loaded = loadFileOrExit(io, target);
    if (typeof loaded === 'number') return loaded;
    f = loaded;
    if (values.draft) {
      const errors = errorLines(f.path, f.text, { strict: !!values.strict });
      if (errors.length) {
        io.err(`${errors.join('\n')}\n${f.path}: not counted: fix the errors above.\n`);
        return 1;
      }
    }
  }

  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  const cancel = cancelOnSignal(io, conn, values);
  const signal = cancel.signal;
  try {
    let result: SegmentCount;
    if (!f) {
      const presence = await segmentPresence(conn.client, segmentId!, { signal });
      if (presence.kind === 'gone') {
        io.err(`${segmentIdGoneMessage(presence)}\n`);
        return 1;
      }
      result = await countSegment(conn.client, segmentId!, { signal });
    } else if (values.draft) {
      result = await countDraft(conn.client, f.file, {
        signal,
        ...cancel.temporarySegments((id) => `Counting ${f.path} through temporary segment ${id} (deleted afterwards).`),
      });
    } else {
      const id = boundId(io, f, (await conn.account()).encoded_account_id, conn.apiHost, 'count');
      if (id === undefined) return 1;
      const presence = await segmentPresence(conn.client, id, { signal });
      if (presence.kind === 'gone') {
        io.err(`${segmentGoneMessage(f.path, presence)}\n`);
        return 1;
      }
      const remote = await conn.client.getSegment(id, { signal });
      if (!holdsRemote(f.file, remote)) {
        io.err(`Warning: ${f.path} differs from deployed segment ${id}; this is the deployed segment's count. Deploy first, or count the file as it is with --draft.\n`);
      }
      result = await countSegment(conn.client, id, { signal });
    }
    io.out(`${contactsPhrase(result.count)}\n`);
    io.err(`Counted segment ${result.segmentId} with one export activity: ${requestsPhrase(result.requests)}.\n`);
    return cancel.exitCode(0);
  } catch (e) {
    return stoppedBy(io, e, signal, f?.path ?? `segment ${target}`, (x) => conn.explain(x));
  } finally {
    cancel.dispose();
  }
}
