/**
 * Freeze Audience into List…: adds the current contacts of a deployed segment to a contact list (one of
 * the account's, or a new one by name) through the domain's freeze (domain/src/freeze.ts), under a
 * cancellable progress notification, and says how many contacts the list holds now.
 */
import * as vscode from 'vscode';
import type { CtctClient } from '../../../api/src/client';
import { freeze, LIST_NAME_MAX, type FreezeOutcome, type ListTarget } from '../../../domain/src/freeze';
import { holdsRemote } from '../../../domain/src/remoteSegment';
import type { CommandOptions, Services } from '../services';
import { requireTrust } from '../trust';
import { pickQuick } from './ask';
import type { PickItem } from './choices';
import { freezeMessage, listNameProblem } from './campaignMessages';
import { about, isCancel, notify, reportError, reportRefusal, reportSuccess, requireSignedIn, withNetwork } from './report';
import { resolveTarget } from './target';

export const NEW_LIST = 'New list…';

/** The outcome, or undefined when nothing was attempted (or waiting was cancelled). */
export async function freezeCommand(s: Services, arg: unknown, opts: CommandOptions): Promise<FreezeOutcome | undefined> {
  if (!requireTrust('Freezing an audience into a list')) return undefined;
  if (!requireSignedIn(s, 'Freeze Audience into List', () => freezeCommand(s, arg, opts))) return undefined;
  // What exists in the account so far, to say on Cancel: a created list, an activity started.
  let known: { list: { name: string }; created: boolean; started?: boolean } | undefined;
  try {
    const t = await resolveTarget(s, arg, 'freeze', 'Freeze the audience of a segment into a list');
    if (!t) return undefined;
    s = about(s, `freeze ${t.segmentId}`);
    const client = s.connection.client();
    const target = await chooseList(client, opts, `segment ${t.segmentId}`);
    if (!target) return undefined;
    const outcome = await withNetwork(`Freezing the audience of segment ${t.segmentId}`, async (signal, progress) => {
      const remote = t.file && (await client.getSegment(t.segmentId, { signal }).catch(() => undefined));
      if (t.file && remote && !holdsRemote(t.file, remote)) {
        notify('warning', `${t.label} differs from deployed segment ${t.segmentId}: the deployed version's contacts are frozen. Deploy first to freeze the file's.`);
      }
      return freeze(client, t.segmentId, target, {
        signal,
        onList: ({ list, created }) => {
          known = { list, created };
          if (created) s.log.info(`Created list "${list.name}" (${list.listId}).`);
        },
        onStarted: ({ list, created }) => {
          known = { list, created, started: true };
          progress.report({ message: `adding the contacts to list "${list.name}"…` });
        },
      });
    });
    if (outcome.kind === 'frozen') reportSuccess(s, freezeMessage(t.label, outcome));
    else reportRefusal(s, freezeMessage(t.label, outcome));
    return outcome;
  } catch (e) {
    if (isCancel(e) && known) {
      const created = known.created ? ` List "${known.list.name}" was created and is kept.` : '';
      // The activity goes on in the account: say where the contacts may still arrive.
      notify('info', known.started ? `Stopped waiting. The activity already started goes on in the account: the contacts may still be added to list "${known.list.name}".${created}` : `Cancelled before any contact was added.${created}`);
    }
    await reportError(s, 'Freeze Audience into List', e);
    return undefined;
  }
}

/** The account's lists to pick from, or a new one by name; undefined when the user gives up. */
async function chooseList(client: CtctClient, opts: CommandOptions, segment: string): Promise<ListTarget | undefined> {
  const lists = await withNetwork('Reading contact lists', (signal) => client.contactLists({ signal }));
  const items: PickItem[] = [{ label: NEW_LIST, description: 'create a list by name' }, ...lists.map((l) => ({ label: l.name, description: l.list_id }))];
  const picked = await (opts.pick ?? pickQuick)({ title: `Freeze the contacts of ${segment} into a list`, placeHolder: 'The list keeps them whatever the segment selects later', items });
  if (!picked) return undefined;
  const index = items.indexOf(picked);
  if (index > 0) return { by: 'id', listId: lists[index - 1]!.list_id };
  const names = lists.map((l) => l.name);
  const box = { title: 'New contact list', value: '', prompt: `The new list's name (1 to ${LIST_NAME_MAX} characters)`, validateInput: (v: string) => listNameProblem(v, names, LIST_NAME_MAX) };
  const name = await (opts.askName ? opts.askName(box) : vscode.window.showInputBox({ ...box, ignoreFocusOut: true }));
  return name === undefined || box.validateInput(name) ? undefined : { by: 'name', name };
}
