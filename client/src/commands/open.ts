/**
 * Selecting a segment in the Segments view: its bound file opens as it is (as its editor holds it, or as it
 * is on disk); with no file bound, a read-only view of the segment as pull would write it. Nothing is
 * written: a file changes only on Pull, which asks first when it would replace edits.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { findBoundFile, isSegmentRef } from './bound';
import { renderRemote } from './deploy';
import { reportError, requireSignedIn, withNetwork } from './report';

export const OPEN_SEGMENT_COMMAND = 'segmentCriteria.segments.open';

export async function openSegmentCommand(s: Services, arg: unknown): Promise<vscode.Uri | undefined> {
  if (!isSegmentRef(arg)) return undefined;
  if (!requireTrust('Opening a segment')) return undefined;
  if (!requireSignedIn(s, 'Open', () => openSegmentCommand(s, arg))) return undefined;
  const id = arg.segmentId;
  try {
    const account = await s.connection.accountId();
    const bound = await findBoundFile(id, account, s.connection.host());
    if (bound) {
      await vscode.window.showTextDocument(bound, { preview: true });
      return bound;
    }
    const remote = await withNetwork(`Reading segment ${id}`, (signal) => s.connection.client().getSegment(id, { signal }));
    const uri = s.remote.add(`segment-${id}-remote`, renderRemote(remote, account, s.connection.host()));
    await vscode.window.showTextDocument(uri, { preview: true });
    s.log.info(`Segment ${id} "${remote.name}" opened read-only: no file in the workspace is bound to it. Pull writes it into a file.`);
    return uri;
  } catch (e) {
    await reportError(s, `Open segment ${id}`, e);
    return undefined;
  }
}
