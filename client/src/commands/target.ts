/** The segment a rename, delete or preview is about: from a file (menus, editor) or from the Segments view. */
import * as vscode from 'vscode';
import type { SegmentFile } from '../../../domain/src/segmentFile';
import { displayName, segmentInView } from '../documents';
import type { Services } from '../services';
import { boundSegmentId, findBoundFile, isSegmentRef, parsedFile } from './bound';
import { pickSegment } from './pull';

export interface SegmentTarget {
  segmentId: number;
  /** For messages. */
  label: string;
  /** The file bound to the segment, when there is one. */
  doc?: vscode.TextDocument;
  file?: SegmentFile;
}

export async function resolveTarget(s: Services, arg: unknown, action: string, title: string): Promise<SegmentTarget | undefined> {
  let doc: vscode.TextDocument | undefined;
  if (arg instanceof vscode.Uri) doc = await vscode.workspace.openTextDocument(arg);
  else if (!isSegmentRef(arg)) doc = segmentInView();
  if (doc) {
    const file = parsedFile(s, doc);
    if (!file) return undefined;
    const id = await boundSegmentId(s, doc, file, action);
    if (id === undefined) return undefined;
    return { segmentId: id, label: displayName(doc), doc, file };
  }
  const ref = isSegmentRef(arg) ? arg : await pickSegment(s, title);
  if (!ref) return undefined;
  const bound = await findBoundFile(ref.segmentId, await s.connection.accountId(), s.connection.host());
  if (!bound) return { segmentId: ref.segmentId, label: `segment ${ref.segmentId} "${ref.name}"` };
  const boundDoc = await vscode.workspace.openTextDocument(bound);
  const file = parsedFile(s, boundDoc);
  return { segmentId: ref.segmentId, label: `segment ${ref.segmentId} "${ref.name}"`, doc: boundDoc, ...(file ? { file } : {}) };
}
