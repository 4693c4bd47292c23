/**
 * Preview (the deployed segment's contacts) and Preview Draft (the file as it is, through a temporary
 * segment): both open the preview panel (preview/panel.ts).
 */
import * as vscode from 'vscode';
import { displayName, segmentDocument } from '../documents';
import type { PreviewManager, PreviewPanel } from './panel';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { parsedFile } from '../commands/bound';
import { refuseErrors } from '../commands/gate';
import { reportError, requireSignedIn } from '../commands/report';
import { resolveTarget } from '../commands/target';

export async function previewCommand(s: Services, previews: PreviewManager, arg: unknown): Promise<PreviewPanel | undefined> {
  if (!requireTrust('Previewing')) return undefined;
  if (!requireSignedIn(s, 'Preview', () => previewCommand(s, previews, arg))) return undefined;
  try {
    const t = await resolveTarget(s, arg, 'preview', 'Preview a segment');
    if (!t) return undefined;
    // A bound file (also when previewing from the Segments view) gets the CodeLens line and the "differs" warning.
    const docUri = t.doc?.uri;
    return previews.show({ kind: 'deployed', segmentId: t.segmentId, label: t.label, ...(docUri ? { docUri } : {}) });
  } catch (e) {
    await reportError(s, 'Preview', e);
    return undefined;
  }
}

export async function previewDraftCommand(s: Services, previews: PreviewManager, arg: unknown): Promise<PreviewPanel | undefined> {
  if (!requireTrust('Previewing')) return undefined;
  const doc = await segmentDocument(arg instanceof vscode.Uri ? arg : undefined, 'Preview Draft');
  if (!doc) return undefined;
  const name = displayName(doc);
  if (!parsedFile(s, doc)) return undefined;
  if (await refuseErrors(s, doc.getText(), doc.uri, 'previewed', name)) return undefined;
  if (!requireSignedIn(s, `Preview ${name}`, () => previewDraftCommand(s, previews, arg))) return undefined;
  return previews.show({ kind: 'draft', docUri: doc.uri, label: name });
}
