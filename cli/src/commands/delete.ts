/**
 * `segment-criteria delete FILE [--yes] [--force]`: soft-deletes the file's segment (it stays readable by id,
 * as the API keeps it) after asking, and unbinds the file (removes segment_id and sync), which is kept:
 * deploying it again creates a new segment. First it refuses when a scheduled campaign is sent to the
 * segment, or when it cannot look (no campaign_data); --force goes past that, --yes past the question.
 */
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { ApiError } from '../../../api/src/errors';
import { checkSegmentDelete, deleteAllowed } from '../../../domain/src/deleteGuard';
import { setSyncFields } from '../../../domain/src/segmentFile';
import { UsageError } from '../usage';
import { boundId, loadFile, loadFileOrExit } from './boundFile';
import { deleteGuardOverridden, deleteGuardRefusal } from './campaignMessages';
import { connectOrExplain, loginCommand } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { quoted } from './terminalText';

export async function deleteCommand(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('delete', argv, { ...CONNECTION_OPTIONS, yes: { type: 'boolean', short: 'y' }, force: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('delete takes one file: segment-criteria delete FILE [--yes] [--force]');
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
    const segment = `segment ${id} ${quoted(remote.name)}`;
    const guard = await checkSegmentDelete(conn.client, id);
    if (!deleteAllowed(guard, !!values.force)) {
      io.err(`${deleteGuardRefusal(path, segment, guard, loginCommand(values, io))}\n`);
      return 1;
    }
    const overridden = deleteGuardOverridden(segment, guard);
    if (overridden) io.err(`${overridden}\n`);
    if (!values.yes) {
      if (!io.interactive) {
        io.err(`Deleting segment ${id} ${quoted(remote.name)} needs confirmation: pass --yes.\n`);
        return 1;
      }
      const answer = await io.ask(`Delete segment ${id} ${quoted(remote.name)} from ${quoted(summary.organization_name ?? summary.encoded_account_id)} at ${conn.apiHost}? [y/N] `);
      if (!/^y(es)?$/i.test(answer.trim())) {
        io.err('Not deleted.\n');
        return 1;
      }
    }
    try {
      await conn.client.deleteSegment(id);
    } catch (e) {
      if (!(e instanceof ApiError && e.kind === 'not-found')) throw e;
      io.err(`Segment ${id} was already deleted.\n`);
    }
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
