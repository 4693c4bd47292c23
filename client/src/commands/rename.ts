/**
 * Rename: the segment (PATCH /segments/{id}/name), then the bound file's "name" and sync record, as the
 * CLI's rename does. Refused when the remote changed since the file was last deployed or pulled. A name
 * that is taken asks again, with the typed name kept (choices.ts).
 */
import * as vscode from 'vscode';
import { remoteEditedSinceSync, sameName } from '../../../domain/src/remoteSegment';
import { ApiError } from '../../../api/src/errors';
import { parseRoot, setMember } from '../../../domain/src/jsonEdits';
import { setSyncFields } from '../../../domain/src/segmentFile';
import { syncAfterRename } from '../../../domain/src/syncRecord';
import type { SegmentDetail } from '../../../api/src/types';
import { displayName, editDocument } from '../documents';
import { readSegmentText } from '../segmentDocument';
import type { CommandOptions, Services } from '../services';
import { requireTrust } from '../trust';
import { nameProblem, nameTakenMessage, renameUntilFree, type NameBox, type RenameAttempt } from './choices';
import { about, reportError, reportRefusal, reportSuccess, requireSignedIn, withNetwork } from './report';
import { resolveTarget } from './target';

/** The input box keeps what was typed when focus moves elsewhere (ignoreFocusOut): nothing typed is lost. */
function askInBox(box: NameBox): Thenable<string | undefined> {
  return vscode.window.showInputBox({ ...box, ignoreFocusOut: true });
}

export async function renameCommand(s: Services, arg: unknown, opts: CommandOptions): Promise<string | undefined> {
  if (!requireTrust('Renaming a segment')) return undefined;
  if (!requireSignedIn(s, 'Rename', () => renameCommand(s, arg, opts))) return undefined;
  try {
    const t = await resolveTarget(s, arg, 'rename', 'Rename a segment');
    if (!t) return undefined;
    s = about(s, `rename ${t.segmentId}`);
    const client = s.connection.client();
    const remote = await withNetwork(`Reading segment ${t.segmentId}`, (signal) => client.getSegment(t.segmentId, { signal }));
    if (t.file && remoteEditedSinceSync(t.file, remote)) {
      reportRefusal(s, `${t.label}: segment ${t.segmentId} was changed in the account since the file was last deployed or pulled; not renamed. Deploy or pull first (deploy shows the difference).`);
      return undefined;
    }
    const attempt = (newName: string): Promise<RenameAttempt<SegmentDetail>> =>
      withNetwork(`Renaming segment ${t.segmentId}`, async (signal) => {
        const holder = (await client.listSegments({ signal })).find((x) => x.segment_id !== t.segmentId && sameName(x.name, newName));
        if (holder) return { takenBy: holder.segment_id };
        try {
          return { renamed: await client.renameSegment(t.segmentId, newName, { signal }) };
        } catch (e) {
          // Taken by someone since the list was read.
          if (e instanceof ApiError && e.kind === 'conflict') return { takenBy: undefined };
          throw e;
        }
      });
    let renamed: SegmentDetail;
    if (opts.name !== undefined) {
      // Given by code: nobody to ask again, so a taken name is refused.
      if (opts.name === remote.name) return undefined;
      const problem = nameProblem(opts.name);
      if (problem) {
        reportRefusal(s, `${problem} Not renamed.`);
        return undefined;
      }
      const r = await attempt(opts.name);
      if (!('renamed' in r)) {
        reportRefusal(s, nameTakenMessage(opts.name, r.takenBy));
        return undefined;
      }
      renamed = r.renamed;
    } else {
      const done = await renameUntilFree(t.segmentId, remote.name, opts.askName ?? askInBox, attempt);
      if (!done) return undefined;
      renamed = done.renamed;
    }
    const account = await s.connection.accountId();
    if (t.doc) {
      // The new name, and a sync record of what the account holds only if the file has seen all of it
      // (as the CLI's rename decides): otherwise the next deploy would overwrite edits nobody reviewed.
      const wasDirty = t.doc.isDirty;
      let kept = false;
      let unreadable = false;
      await editDocument(
        t.doc,
        (text) => {
          unreadable = !parseRoot(text);
          if (unreadable) return text;
          const named = setMember(text, 'name', renamed.name);
          const file = readSegmentText(named, displayName(t.doc!)).file;
          const sync = file && syncAfterRename(file, remote, renamed, account, s.connection.host());
          kept = !sync;
          return sync ? setSyncFields(named, t.segmentId, sync) : named;
        },
        { save: true, wasDirty },
      );
      if (unreadable) {
        reportRefusal(s, `${displayName(t.doc)}: segment ${t.segmentId} was renamed to "${renamed.name}", but the file no longer parses and was not changed. Fix it and set its "name" to "${renamed.name}".`);
        s.segmentsChanged.fire();
        return renamed.name;
      }
      reportSuccess(s, `${displayName(t.doc)}: segment ${t.segmentId} renamed from "${remote.name}" to "${renamed.name}".`);
      if (kept) s.log.info(`${displayName(t.doc)}: its sync record was kept as it was: segment ${t.segmentId} holds changes this file has not seen, so the next deploy shows the difference before overwriting anything.`);
    } else {
      reportSuccess(s, `Segment ${t.segmentId} renamed from "${remote.name}" to "${renamed.name}".`);
    }
    s.segmentsChanged.fire();
    return renamed.name;
  } catch (e) {
    await reportError(s, 'Rename', e);
    return undefined;
  }
}
