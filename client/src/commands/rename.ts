/**
 * Rename: the segment (PATCH /segments/{id}/name), then the bound file's "name" and sync record, as the
 * CLI's rename does. Refused when the remote changed since the file was last deployed or pulled.
 */
import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import { remoteCriteria, remoteHash, sameName } from '../../../api/src/deploy';
import { contentHash, setSyncFields } from '../../../api/src/segmentFile';
import { displayName, editDocument } from '../documents';
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
