/**
 * Preview (the deployed segment's contacts), Preview Draft (the file as it is, through a temporary
 * segment) and Compare Audience with Deployed (who would enter and leave): all open the preview panel
 * (preview/panel.ts).
 */
import * as vscode from 'vscode';
import { displayName, segmentDocument } from '../documents';
import type { PreviewManager, PreviewPanel, PreviewState } from './panel';
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

/**
 * Compare Audience with Deployed: the contacts that would enter and leave the file's segment if it were
 * deployed now, in the preview panel. Resolves when the panel shows the result, with what it shows.
 */
export async function compareAudienceCommand(s: Services, previews: PreviewManager, arg: unknown): Promise<PreviewState | undefined> {
  if (!requireTrust('Comparing audiences')) return undefined;
  const doc = await segmentDocument(arg instanceof vscode.Uri ? arg : undefined, 'Compare Audience with Deployed');
  if (!doc) return undefined;
  const name = displayName(doc);
  if (!parsedFile(s, doc)) return undefined;
  if (await refuseErrors(s, doc.getText(), doc.uri, 'compared', name)) return undefined;
  if (!requireSignedIn(s, `Compare Audience of ${name}`, () => compareAudienceCommand(s, previews, arg))) return undefined;
  const panel = previews.show({ kind: 'audience', docUri: doc.uri, label: name });
  await panel.settled();
  return panel.state();
}
