/**
 * `segment-criteria freeze FILE --list NAME|ID`: adds the current contacts of the file's deployed segment
 * to a contact list (by id, or by exact name: created when no list has it), waits for the API's activity,
 * and says how many contacts the list holds now. The list keeps them whatever the segment selects later.
 */
import { freeze as freezeAudience, LIST_NAME_MAX, type FreezeOutcome } from '../../../domain/src/freeze';
import { holdsRemote } from '../../../domain/src/remoteSegment';
import { UsageError } from '../usage';
import { segmentGoneMessage } from './bindingMessages';
import { boundId, loadFileOrExit } from './boundFile';
import { cancelOnSignal, stoppedBy } from './cancelOnSignal';
import { connectOrExplain } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { quoted } from './terminalText';

const USAGE = 'segment-criteria freeze FILE --list NAME|ID';

export async function freeze(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('freeze', argv, { ...CONNECTION_OPTIONS, list: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError(`freeze takes one file: ${USAGE}`);
  const list = values.list;
  if (list === undefined) throw new UsageError(`freeze needs the list to add the contacts to: ${USAGE} (a list's id, or its exact name; a new name creates the list).`);
  if (list.trim() === '') throw new UsageError('--list is empty: give a list\'s id, or its exact name.');
  if (list.length > LIST_NAME_MAX) throw new UsageError(`--list is ${list.length} characters long; a list name has at most ${LIST_NAME_MAX}.`);
  const path = positionals[0]!;
  const f = loadFileOrExit(io, path);
  if (typeof f === 'number') return f;
  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  const cancel = cancelOnSignal(io, conn, values);
  try {
    const account = (await conn.account()).encoded_account_id;
    const id = boundId(io, f, account, conn.apiHost, 'freeze');
    if (id === undefined) return 1;
    const remote = await conn.client.getSegment(id, { signal: cancel.signal }).catch(() => undefined);
    if (remote && !holdsRemote(f.file, remote)) {
      io.err(`Warning: ${path} differs from deployed segment ${id}; freezing the deployed version's contacts. Deploy first to freeze the file's.\n`);
    }
    const outcome = await freezeAudience(conn.client, id, list, {
      signal: cancel.signal,
      // Said as soon as it is true: a list created here stays even if adding the contacts then fails.
      onList: ({ list: l, created }) => created && io.out(`Created list ${quoted(l.name)}.\n`),
      onStarted: ({ list: l }) => {
        io.err(`Adding the contacts of segment ${id} to list ${quoted(l.name)} (POST /activities/add_list_memberships)...\n`);
      },
    });
    return report(io, path, outcome);
  } catch (e) {
    return stoppedBy(io, e, cancel.signal, path, (x) => conn.explain(x), 'Cancelled. An activity already started goes on in the account.');
  } finally {
    cancel.dispose();
  }
}

const contacts = (n: number) => `${n} contact${n === 1 ? '' : 's'}`;

function report(io: CliIo, path: string, o: FreezeOutcome): number {
  if (o.kind === 'frozen') {
    const { total, notAdded } = o.contacts;
    const of = `of segment ${o.segment.segmentId} ${quoted(o.segment.name)} to list ${quoted(o.list.name)}`;
    if (total !== undefined) io.out(notAdded > 0 ? `Added ${total - notAdded} of the ${contacts(total)} ${of}.\n` : `Added the ${contacts(total)} ${of}.\n`);
    if (notAdded > 0) io.err(`Warning: ${contacts(notAdded)} could not be added to list ${quoted(o.list.name)}: a contact can be on at most 50 lists.\n`);
    io.out(o.membershipCount === undefined ? `List ${quoted(o.list.name)} (${o.list.listId}) was updated; the API did not say how many contacts it holds.\n` : `List ${quoted(o.list.name)} now holds ${contacts(o.membershipCount)}.\n`);
    return 0;
  }
  const created = (r: { created: boolean; list: { name: string } }) => (r.created ? ` List ${quoted(r.list.name)} was created and is kept.` : '');
  switch (o.reason) {
    case 'segment-not-found':
      io.err(`${segmentGoneMessage(path, { reason: 'not-found', segmentId: o.segmentId })}\n`);
      break;
    case 'segment-deleted':
      io.err(`${segmentGoneMessage(path, { reason: 'deleted', segmentId: o.segmentId, remoteName: o.segmentName })}\n`);
      break;
    case 'list-not-found':
      io.err(`No contact list has the id ${o.listId}; nothing was added. Give an existing list's id, or a name (a new name creates the list).\n`);
      break;
    case 'list-name-invalid':
      io.err(`${quoted(o.name)} cannot be a list's name: give 1 to ${o.maxLength} characters.\n`);
      break;
    case 'list-missing':
      io.err(`No contact list is named ${quoted(o.name)}; nothing was added.\n`);
      break;
    case 'list-name-taken':
      io.err(
        o.holder
          ? `List ${quoted(o.name)} was not created: the API says the name is taken, by list ${quoted(o.holder.name)} (${o.holder.listId}). Give that list's exact name or its id, or another name.\n`
          : `List ${quoted(o.name)} was not created: the API says the name is taken (409). Give another name, or an existing list's id.\n`,
      );
      break;
    case 'activity-failed':
      io.err(`Adding the contacts of segment ${o.segmentId} to list ${quoted(o.list.name)} failed: activity ${o.activityId} ended as "${o.state}"${o.errors.length ? `. The API said: ${o.errors.join('; ').replace(/\.$/, '')}` : ' without saying why'}.${created(o)}\n`);
      break;
    case 'activity-unfinished':
      io.err(`Activity ${o.activityId}, adding the contacts of segment ${o.segmentId} to list ${quoted(o.list.name)}, had not finished when waiting stopped; it may still finish in the account.${created(o)} Check the list's contacts later, or run freeze again (contacts already on the list stay once).\n`);
      break;
  }
  return 1;
}
