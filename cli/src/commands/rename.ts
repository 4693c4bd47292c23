/**
 * `segment-criteria rename FILE NAME [--force]`: renames the file's segment (PATCH /segments/{id}/name)
 * and then the file's "name", keeping the rest of the file as it is.
 */
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { remoteDiff, remoteEditedSinceSync, sameName, segmentPresence } from '../../../domain/src/remoteSegment';
import { setMember } from '../../../domain/src/jsonEdits';
import { setSyncFields } from '../../../domain/src/segmentFile';
import { syncAfterRename } from '../../../domain/src/syncRecord';
import { LIMITS } from '../../../server/src/language/vocabulary';
import { UsageError } from '../usage';
import { segmentGoneMessage } from './bindingMessages';
import { boundId, loadFile, loadFileOrExit } from './boundFile';
import { connectOrExplain } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { hasControl, quoted } from './terminalText';

export async function rename(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('rename', argv, { ...CONNECTION_OPTIONS, force: { type: 'boolean' } });
  if (positionals.length !== 2) throw new UsageError('rename takes a file and the new name: segment-criteria rename FILE "New name"');
  const [path, newName] = positionals as [string, string];
  if (newName.trim() === '') throw new UsageError('The new name is empty.');
  if (newName.length > LIMITS.maxNameChars) {
    throw new UsageError(`The new name is ${newName.length.toLocaleString('en-US')} characters long; Constant Contact accepts a segment name of at most ${LIMITS.maxNameChars}. Nothing was renamed.`);
  }
  // A line break or an escape in a name is almost surely a slip of the shell (a pasted line, $'...').
  if (hasControl(newName)) {
    const what = /[\n\r]/.test(newName) ? 'a line break' : newName.includes('\t') ? 'a tab' : 'a control character';
    throw new UsageError(`The new name ${quoted(newName)} holds ${what}: a segment name is one line of text. Give the name without it; nothing was renamed.`);
  }
  const f = loadFileOrExit(io, path);
  if (typeof f === 'number') return f;
  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  try {
    const account = (await conn.account()).encoded_account_id;
    const id = boundId(io, f, account, conn.apiHost, 'rename');
    if (id === undefined) return 1;
    const liveSegments = await conn.client.listSegments();
    const presence = await segmentPresence(conn.client, id, { liveSegments });
    if (presence.kind === 'gone') {
      io.err(`${segmentGoneMessage(path, presence)}\n`);
      return 1;
    }
    const remote = await conn.client.getSegment(id);
    // Nothing to change, in the account or in the file: no rename is sent, and the file is left as it is.
    if (remote.name === newName && f.file.name === newName) {
      io.out(`${path}: segment ${id} is already named ${quoted(newName)}: nothing to do.\n`);
      return 0;
    }
    if (remoteEditedSinceSync(f.file, remote) && !values.force) {
      io.err(`${path}: segment ${id} was changed outside this file since it was last deployed or pulled; not renamed. Pull it into another folder to compare, or pass --force.\n`);
      io.out(remoteDiff(remote, f.file, `${path} (local)`));
      return 1;
    }
    const holder = liveSegments.find((s) => s.segment_id !== id && sameName(s.name, newName));
    if (holder) {
      io.err(`The name ${quoted(newName)} is already used by segment ${holder.segment_id}; choose another name.\n`);
      return 1;
    }
    // The segment may have the name already, and only the file not: then only the file changes.
    const renamed = remote.name === newName ? remote : await conn.client.renameSegment(id, newName);
    // The file as it is now, with the new name, and a sync record of what the remote now holds only if
    // the file has seen all of it: otherwise the next deploy would overwrite edits nobody reviewed.
    const current = loadFile(io, path) ?? f;
    const sync = syncAfterRename(current.file, remote, renamed, account, conn.apiHost);
    let text = setMember(current.text, 'name', renamed.name);
    if (sync) text = setSyncFields(text, id, sync);
    if (text !== current.text && !writeFileAtomic(f.abs, text, { ifContentIs: current.text })) {
      io.err(`${path}: segment ${id} was renamed to ${quoted(renamed.name)}, but the file changed meanwhile and was not written. Set its "name" to ${quoted(renamed.name)} by hand.\n`);
      return 1;
    }
    io.out(renamed === remote ? `${path}: segment ${id} is already named ${quoted(renamed.name)}; the file's "name" now says so too.\n` : `${path}: segment ${id} renamed from ${quoted(remote.name)} to ${quoted(renamed.name)}.\n`);
    if (!sync) io.err(`${path}: its sync record was kept as it was: segment ${id} holds changes this file has not seen, so the next deploy shows the difference before overwriting anything.\n`);
    return 0;
  } catch (e) {
    io.err(`${path}: ${conn.explain(e)}\n`);
    return 1;
  }
}
