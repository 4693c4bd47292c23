/**
 * Rename: the segment (PATCH /segments/{id}/name), then the bound file's "name" and sync record, as the
 * CLI's rename does. Refused when the remote changed since the file was last deployed or pulled. A name
 * that is taken asks again, with the typed name kept (choices.ts).
 */
import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import { remoteCriteria, remoteHash, sameName } from '../../../api/src/deploy';
import { ApiError } from '../../../api/src/errors';
import { contentHash, setSyncFields } from '../../../api/src/segmentFile';
import type { SegmentDetail } from '../../../api/src/types';
import { displayName, editDocument } from '../documents';
import type { CommandOptions, Services } from '../services';
import { requireTrust } from '../trust';
import { nameTakenMessage, renameUntilFree, type NameBox, type RenameAttempt } from './choices';
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
    if (t.file?.sync && remoteHash(remote) !== t.file.sync.hash) {
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
      if (opts.name.trim() === '' || opts.name === remote.name) return undefined;
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
      // The sync record now describes what the account holds (the new name with the remote criteria), as the CLI's rename writes it.
      const sync = { account, api: s.connection.host(), hash: contentHash(renamed.name, remoteCriteria(renamed)), ...(renamed.edited_at ? { edited_at: renamed.edited_at } : {}) };
      const wasDirty = t.doc.isDirty;
      await editDocument(t.doc, (text) => setSyncFields(applyEdits(text, modify(text, ['name'], renamed.name, {})), t.segmentId, sync), { save: true, wasDirty });
      reportSuccess(s, `${displayName(t.doc)}: segment ${t.segmentId} renamed from "${remote.name}" to "${renamed.name}".`);
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
