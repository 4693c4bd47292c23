/**
 * `segment-criteria rename FILE NAME [--force]`: renames the file's segment (PATCH /segments/{id}/name)
 * and then the file's "name", keeping the rest of the file as it is.
 */
import { applyEdits, modify } from 'jsonc-parser';
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { remoteCriteria, remoteDiff, remoteHash, sameName } from '../../../api/src/deploy';
import { contentHash, setSyncFields } from '../../../api/src/segmentFile';
import { UsageError } from '../usage';
import { boundId, loadFile, loadFileOrExit } from './boundFile';
import { connectOrExplain } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';

export async function rename(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('rename', argv, { ...CONNECTION_OPTIONS, force: { type: 'boolean' } });
  if (positionals.length !== 2) throw new UsageError('rename takes a file and the new name: segment-criteria rename FILE "New name"');
  const [path, newName] = positionals as [string, string];
  if (newName.trim() === '') throw new UsageError('The new name is empty.');
  const f = loadFileOrExit(io, path);
  if (typeof f === 'number') return f;
  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  try {
    const account = (await conn.account()).encoded_account_id;
    const id = boundId(io, f, account, conn.apiHost, 'rename');
    if (id === undefined) return 1;
    const remote = await conn.client.getSegment(id);
    if (f.file.sync && remoteHash(remote) !== f.file.sync.hash && !values.force) {
      io.err(`${path}: segment ${id} was changed outside this file since it was last deployed or pulled; not renamed. Pull it into another folder to compare, or pass --force.\n`);
      io.out(remoteDiff(remote, f.file, `${path} (local)`));
      return 1;
    }
    const holder = (await conn.client.listSegments()).find((s) => s.segment_id !== id && sameName(s.name, newName));
    if (holder) {
      io.err(`The name "${newName}" is already used by segment ${holder.segment_id}; choose another name.\n`);
      return 1;
    }
    const renamed = await conn.client.renameSegment(id, newName);
    // The file as it is now, with the new name and a sync record of what the remote now holds.
    const current = loadFile(io, path) ?? f;
    let text = applyEdits(current.text, modify(current.text, ['name'], newName, {}));
    text = setSyncFields(text, id, { account, api: conn.apiHost, hash: contentHash(renamed.name, remoteCriteria(renamed)), ...(renamed.edited_at ? { edited_at: renamed.edited_at } : {}) });
    writeFileAtomic(f.abs, text);
    io.out(`${path}: segment ${id} renamed from "${remote.name}" to "${renamed.name}".\n`);
    return 0;
  } catch (e) {
    io.err(`${path}: ${conn.explain(e)}\n`);
    return 1;
  }
}
