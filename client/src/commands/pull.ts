/**
 * Pull: a segment of the account as a readable file bound to it (stable key order, two-space indent,
 * final newline, as the CLI writes it). A file already bound to the segment is updated in place by the
 * smallest edits, as the CLI does (its comments and layout stay), with a question first when it holds
 * edits that were never deployed, or unsaved ones (Undo restores them); otherwise a new file is created
 * beside the active one or in the workspace folder, never over another.
 */
import * as vscode from 'vscode';
import { ApiError } from '../../../api/src/errors';
import { pullDiscardsEdits } from '../../../domain/src/remoteSegment';
import { pulledFile, pulledText } from '../../../domain/src/pullText';
import { fileNameFor } from '../../../domain/src/segmentFile';
import type { SegmentDetail } from '../../../api/src/types';
import { displayName, editDocument, exists, isSegmentDocument } from '../documents';
import { LANGUAGE_ID } from '../languageClient';
import { readSegmentText } from '../segmentDocument';
import type { CommandOptions, Services } from '../services';
import { requireTrust } from '../trust';
import { boundSegmentId, findBoundFile, isSegmentRef, parsedFile, type SegmentRef } from './bound';
import { renderRemote } from './deploy';
import { about, reportError, reportRefusal, reportSuccess, requireSignedIn, withNetwork } from './report';

export async function pullCommand(s: Services, arg: unknown, opts: CommandOptions): Promise<vscode.Uri | undefined> {
  if (!requireTrust('Pulling')) return undefined;
  if (!requireSignedIn(s, 'Pull', () => pullCommand(s, arg, opts))) return undefined;
  // A file (menu, CodeLens, active editor bound to a segment): refresh it from the account.
  const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : !isSegmentRef(arg) && typeof arg !== 'number' ? activeBoundDocument() : undefined;
  if (doc) {
    s = about(s, `pull ${doc.uri.toString()}`);
    const file = parsedFile(s, doc);
    if (!file) return undefined;
    try {
      const id = await boundSegmentId(s, doc, file, 'pull');
      if (id === undefined) return undefined;
      return await pullInto(s, doc, id, opts);
    } catch (e) {
      await reportError(s, `Pull ${displayName(doc)}`, e);
      return undefined;
    }
  }
  const ref = isSegmentRef(arg) ? arg : typeof arg === 'number' ? { segmentId: arg, name: `segment ${arg}` } : await pickSegment(s, 'Pull a segment into a file');
  if (!ref) return undefined;
  s = about(s, `pull segment ${ref.segmentId}`);
  try {
    const account = await s.connection.accountId();
    const existing = await findBoundFile(ref.segmentId, account, s.connection.host());
    if (existing) return await pullInto(s, await vscode.workspace.openTextDocument(existing), ref.segmentId, opts);
    return await pullNew(s, ref.segmentId, account);
  } catch (e) {
    await reportError(s, `Pull segment ${ref.segmentId}`, e);
    return undefined;
  }
}

function activeBoundDocument(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !isSegmentDocument(doc)) return undefined;
  return readSegmentText(doc.getText(), doc.uri.toString()).file?.segmentId !== undefined ? doc : undefined;
}

async function readRemote(s: Services, id: number): Promise<SegmentDetail> {
  return withNetwork(`Pulling segment ${id}`, async (signal) => {
    try {
      return await s.connection.client().getSegment(id, { signal });
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'not-found') throw new ApiError('not-found', `Segment ${id} does not exist in this account.`, 404);
      throw e;
    }
  });
}

/** Replaces a bound document's content with the remote segment. */
async function pullInto(s: Services, doc: vscode.TextDocument, id: number, opts: CommandOptions): Promise<vscode.Uri | undefined> {
  const name = displayName(doc);
  const remote = await readRemote(s, id);
  const account = await s.connection.accountId();
  const file = readSegmentText(doc.getText(), name).file;
  const pulled = pulledFile(remote, account, s.connection.host());
  const whole = renderRemote(remote, account, s.connection.host(), schemaKept(doc.getText()));
  // The same smallest edits as the CLI's pull; a text that is not a JSON object is replaced whole.
  const transform = (t: string) => pulledText(t, pulled) ?? whole;
  if (doc.getText() === transform(doc.getText())) {
    reportSuccess(s, `${name} already holds segment ${id} as it is in the account.`);
    return doc.uri;
  }
  // A text that does not read as a segment file counts as edits; a file never deployed has none to lose.
  const localEdits = file ? file.segmentId !== undefined && pullDiscardsEdits(file, remote) : true;
  const wasDirty = doc.isDirty;
  if ((localEdits || wasDirty) && !opts.yes) {
    const what = wasDirty ? 'unsaved changes' : 'edits that were never deployed';
    const go = await vscode.window.showWarningMessage(
      `${name} has ${what}. Replace its content with segment ${id} as it is in the account?`,
      { modal: true, detail: 'Undo in the editor brings your version back. To keep both, deploy your version first, or use "Compare with Deployed Version".' },
      'Replace',
    );
    if (go !== 'Replace') {
      s.log.info(`${name}: not pulled (kept your version).`);
      return undefined;
    }
  }
  await vscode.window.showTextDocument(doc, { preview: false });
  const ok = await editDocument(doc, transform, { save: !localEdits, wasDirty });
  if (!ok) {
    reportRefusal(s, `${name}: could not write segment ${id} into the editor.`);
    return undefined;
  }
  reportSuccess(s, `${name}: pulled segment ${id} "${remote.name}"${localEdits || wasDirty ? ' (not saved yet; Undo restores your version)' : ''}.`);
  return doc.uri;
}

function schemaKept(text: string): string | undefined {
  return /"\$schema"\s*:\s*"([^"\\]+)"/.exec(text)?.[1];
}

/** A new file for the segment, beside the active segment file or at the workspace folder's top. */
async function pullNew(s: Services, id: number, account: string): Promise<vscode.Uri | undefined> {
  const remote = await readRemote(s, id);
  const text = renderRemote(remote, account, s.connection.host());
  const folder = targetFolder();
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text });
    await vscode.window.showTextDocument(doc, { preview: false });
    reportSuccess(s, `Pulled segment ${id} "${remote.name}" into a new untitled file (no folder is open): save it as ${fileNameFor(remote.name)}.`);
    return doc.uri;
  }
  const base = fileNameFor(remote.name);
  for (const candidate of [base, base.replace(/\.segment\.json$/, `-${id}.segment.json`)]) {
    const uri = vscode.Uri.joinPath(folder, candidate);
    if (await exists(uri)) continue;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(uri, { preview: false });
    reportSuccess(s, `${vscode.workspace.asRelativePath(uri, false)}: pulled segment ${id} "${remote.name}".`);
    s.segmentsChanged.fire();
    return uri;
  }
  reportRefusal(s, `Segment ${id}: ${base} and ${base.replace(/\.segment\.json$/, `-${id}.segment.json`)} already exist for other segments in ${vscode.workspace.asRelativePath(folder, false)}; nothing was overwritten.`);
  return undefined;
}

function targetFolder(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active && !active.isUntitled && active.uri.scheme === 'file' && isSegmentDocument(active) && vscode.workspace.getWorkspaceFolder(active.uri)) {
    return vscode.Uri.joinPath(active.uri, '..');
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** A quick pick of the account's segments. */
export async function pickSegment(s: Services, title: string): Promise<SegmentRef | undefined> {
  let segments;
  try {
    segments = await withNetwork('Reading the segments', (signal) => s.connection.client().listSegments({ signal, sortBy: 'name' }));
  } catch (e) {
    await reportError(s, title, e);
    return undefined;
  }
  if (segments.length === 0) {
    reportSuccess(s, 'The account has no segments yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    segments.map((x) => ({ label: x.name, description: `#${x.segment_id}`, detail: x.edited_at ? `edited ${x.edited_at}` : undefined, ref: { segmentId: x.segment_id, name: x.name } })),
    { title, placeHolder: 'Segment name', matchOnDescription: true },
  );
  return picked?.ref;
}
