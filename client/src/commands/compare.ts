/** Compare with Deployed Version: a diff of the segment as it is in the account (left) and the file (right). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { segmentDocument } from '../documents';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { boundSegmentId, parsedFile } from './bound';
import { renderRemote } from './deploy';
import { reportError, requireSignedIn, withNetwork } from './report';

export async function compareCommand(s: Services, arg: unknown): Promise<vscode.Uri | undefined> {
  if (!requireTrust('Comparing with the deployed version')) return undefined;
  const doc = await segmentDocument(arg, 'Compare with Deployed Version');
  if (!doc) return undefined;
  const file = parsedFile(s, doc);
  if (!file || !requireSignedIn(s, 'Compare with Deployed Version', () => compareCommand(s, arg))) return undefined;
  try {
    const id = await boundSegmentId(s, doc, file, 'compare');
    if (id === undefined) return undefined;
    const remote = await withNetwork(`Reading segment ${id}`, (signal) => s.connection.client().getSegment(id, { signal }));
    const schema = /"\$schema"\s*:\s*"([^"\\]+)"/.exec(doc.getText())?.[1];
    const left = s.remote.add(`segment-${id}-remote`, renderRemote(remote, await s.connection.accountId(), s.connection.host(), schema));
    await vscode.commands.executeCommand('vscode.diff', left, doc.uri, `Segment ${id}: deployed ↔ ${path.basename(doc.uri.path)}`, { preview: false });
    return left;
  } catch (e) {
    await reportError(s, 'Compare with Deployed Version', e);
    return undefined;
  }
}
