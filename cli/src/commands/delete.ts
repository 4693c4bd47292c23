/**
 * `segment-criteria delete FILE [--yes] [--force]`: soft-deletes the file's segment (it stays readable by id,
 * as the API keeps it) after asking, and unbinds the file (removes segment_id and sync), which is kept:
 * deploying it again creates a new segment. First it refuses when a scheduled campaign is sent to the
 * segment, or when it cannot look (no campaign_data); --force goes past that, --yes past the question.
 *
 * `segment-criteria delete --id ID [--yes] [--force]`: the same for a segment no file is bound to, such as a
 * temporary segment a command could not delete; no file is changed.
 */
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { ApiError } from '../../../api/src/errors';
import type { AccountSummary } from '../../../api/src/types';
import { checkSegmentDelete, deleteAllowed } from '../../../domain/src/deleteGuard';
import { setSyncFields } from '../../../domain/src/segmentFile';
import { UsageError } from '../usage';
import { boundId, loadFile, loadFileOrExit } from './boundFile';
import { deleteGuardOverridden, deleteGuardRefusal } from './campaignMessages';
import { connectOrExplain, loginCommand, type Connection, type ConnectionFlags } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { quoted } from './terminalText';

const USAGE = 'segment-criteria delete FILE|--id ID [--yes] [--force]';

export async function deleteCommand(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('delete', argv, { ...CONNECTION_OPTIONS, id: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, force: { type: 'boolean' } });
  if (values.id !== undefined) {
    if (positionals.length) throw new UsageError(`delete takes a file or --id, not both: ${USAGE}`);
    if (!/^[0-9]+$/.test(values.id.trim()) || !Number.isSafeInteger(Number(values.id))) throw new UsageError(`--id takes a segment id, a whole number (got ${quoted(values.id)}).`);
    return deleteById(Number(values.id), values, io);
  }
  if (positionals.length !== 1) throw new UsageError(`delete takes one file, or a segment id with --id: ${USAGE}`);
  const path = positionals[0]!;
  const f = loadFileOrExit(io, path);
  if (typeof f === 'number') return f;
  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  try {
    const summary = await conn.account();
    const id = boundId(io, f, summary.encoded_account_id, conn.apiHost, 'delete');
    if (id === undefined) return 1;
    const remote = await conn.client.getSegment(id);
    if (!(await guardedDelete(io, conn, values, summary, id, remote.name, path))) return 1;
    // Unbinds the file as it is now, and only if it did not change again while being rewritten.
    const current = loadFile(io, path) ?? f;
    if (!writeFileAtomic(f.abs, setSyncFields(current.text, undefined, undefined), { ifContentIs: current.text })) {
      io.err(`${path}: segment ${id} ${quoted(remote.name)} was deleted, but the file changed meanwhile and was not written. Remove "segment_id" and "sync" from it by hand.\n`);
      return 1;
    }
    io.out(`${path}: segment ${id} ${quoted(remote.name)} deleted. The file is kept without segment_id: deploying it again creates a new segment.\n`);
    return 0;
  } catch (e) {
    io.err(`${path}: ${conn.explain(e)}\n`);
    return 1;
  }
}

async function deleteById(id: number, values: ConnectionFlags & { yes?: boolean | undefined; force?: boolean | undefined }, io: CliIo): Promise<number> {
  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  try {
    const summary = await conn.account();
    let name: string;
    try {
      name = (await conn.client.getSegment(id)).name;
    } catch (e) {
      if (!(e instanceof ApiError && e.kind === 'not-found')) throw e;
      io.err(`Segment ${id} is not in ${quoted(summary.organization_name ?? summary.encoded_account_id)} at ${conn.apiHost}: nothing was deleted. Check the id.\n`);
      return 1;
    }
    const done = await guardedDelete(io, conn, values, summary, id, name, undefined);
    if (!done) return 1;
    if (done === 'deleted') io.out(`Segment ${id} ${quoted(name)} deleted.\n`);
    return 0;
  } catch (e) {
    io.err(`Segment ${id}: ${conn.explain(e)}\n`);
    return 1;
  }
}

/**
 * The delete, behind its guards: no scheduled campaign sent to the segment (unless --force), and a yes
 * (asked, or --yes). False, after saying why, when it was not deleted; a segment already deleted is said.
 */
async function guardedDelete(
  io: CliIo,
  conn: Connection,
  values: ConnectionFlags & { yes?: boolean | undefined; force?: boolean | undefined },
  summary: AccountSummary,
  id: number,
  name: string,
  path: string | undefined,
): Promise<'deleted' | 'already-deleted' | false> {
  const segment = `segment ${id} ${quoted(name)}`;
  const guard = await checkSegmentDelete(conn.client, id);
  if (!deleteAllowed(guard, !!values.force)) {
    io.err(`${deleteGuardRefusal(path, segment, guard, loginCommand(values, io))}\n`);
    return false;
  }
  const overridden = deleteGuardOverridden(segment, guard);
  if (overridden) io.err(`${overridden}\n`);
  if (!values.yes) {
    if (!io.interactive) {
      io.err(`Deleting segment ${id} ${quoted(name)} needs confirmation: pass --yes.\n`);
      return false;
    }
    const answer = await io.ask(`Delete segment ${id} ${quoted(name)} from ${quoted(summary.organization_name ?? summary.encoded_account_id)} at ${conn.apiHost}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.err('Not deleted.\n');
      return false;
    }
  }
  try {
    await conn.client.deleteSegment(id);
  } catch (e) {
    if (!(e instanceof ApiError && e.kind === 'not-found')) throw e;
    io.err(`Segment ${id} was already deleted.\n`);
    return 'already-deleted';
  }
  return 'deleted';
}
