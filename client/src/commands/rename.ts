/**
 * Rename: the segment (PATCH /segments/{id}/name), then the bound file's "name" and sync record, as the
 * CLI's rename does. Refused when the remote changed since the file was last deployed or pulled.
 */
import * as vscode from 'vscode';
import { remoteHash, sameName } from '../../../api/src/deploy';
import { parseRoot, setMember } from '../../../api/src/jsonEdits';
import { setSyncFields } from '../../../api/src/segmentFile';
import { syncAfterRename } from '../../../api/src/syncRecord';
import { displayName, editDocument } from '../documents';
import { readSegmentText } from '../segmentDocument';
import type { CommandOptions, Services } from '../services';
import { requireTrust } from '../trust';
import { reportError, reportRefusal, reportSuccess, requireSignedIn, withNetwork } from './report';
import { resolveTarget } from './target';

export async function renameCommand(s: Services, arg: unknown, opts: CommandOptions): Promise<string | undefined> {
  if (!requireTrust('Renaming a segment')) return undefined;
  if (!requireSignedIn(s, 'Rename', () => renameCommand(s, arg, opts))) return undefined;
  try {
    const t = await resolveTarget(s, arg, 'rename', 'Rename a segment');
    if (!t) return undefined;
    const client = s.connection.client();
    const remote = await withNetwork(`Reading segment ${t.segmentId}`, (signal) => client.getSegment(t.segmentId, { signal }));
    if (t.file?.sync && remoteHash(remote) !== t.file.sync.hash) {
      reportRefusal(s, `${t.label}: segment ${t.segmentId} was changed in the account since the file was last deployed or pulled; not renamed. Deploy or pull first (deploy shows the difference).`);
      return undefined;
    }
    const newName =
      opts.name ??
      (await vscode.window.showInputBox({
        title: `Rename segment ${t.segmentId}`,
        value: remote.name,
        prompt: 'The new name (unique in the account)',
        validateInput: (v) => (v.trim() === '' ? 'A segment needs a name.' : undefined),
      }));
    if (newName === undefined || newName.trim() === '' || newName === remote.name) return undefined;
    const account = await s.connection.accountId();
    const result = await withNetwork(`Renaming segment ${t.segmentId}`, async (signal) => {
      const holder = (await client.listSegments({ signal })).find((x) => x.segment_id !== t.segmentId && sameName(x.name, newName));
      if (holder) return { holder };
      return { renamed: await client.renameSegment(t.segmentId, newName, { signal }) };
    });
    if (!result.renamed) {
      reportRefusal(s, `The name "${newName}" is already used by segment ${result.holder.segment_id}; choose another name.`);
      return undefined;
    }
    const renamed = result.renamed;
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
