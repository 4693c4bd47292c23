/**
 * Finding the segment a command is about: the one a file is bound to (its `segment_id`, deployed to the
 * account signed in to: the same binding rule as deploy), or the file in the workspace bound to a segment.
 */
import * as vscode from 'vscode';
import { bindingProblem } from '../../../domain/src/deploy';
import type { SegmentFile } from '../../../domain/src/segmentFile';
import type { CallOptions } from '../../../api/src/client';
import { displayName, exists, isSegmentDocument } from '../documents';
import { readSegmentText } from '../segmentDocument';
import type { Services } from '../services';
import { otherAccountMessage } from './deployMessages';
import { reportRefusal } from './report';

/** A segment of the account, as the segments view and quick picks carry it. */
export interface SegmentRef {
  segmentId: number;
  name: string;
  created_at?: string;
  edited_at?: string;
}

export function isSegmentRef(v: unknown): v is SegmentRef {
  return !!v && typeof v === 'object' && typeof (v as SegmentRef).segmentId === 'number' && typeof (v as SegmentRef).name === 'string';
}

/** The parsed file, or undefined after saying why it cannot be used. */
export function parsedFile(s: Services, doc: vscode.TextDocument): SegmentFile | undefined {
  const reading = readSegmentText(doc.getText(), displayName(doc));
  if (reading.problem) reportRefusal(s, reading.problem);
  return reading.file;
}

/**
 * The file's segment id when it is deployed to the account signed in to; otherwise undefined after
 * saying what to do (deploy first, or sign in to the account it belongs to).
 */
export async function boundSegmentId(s: Services, doc: vscode.TextDocument, file: SegmentFile, action: string, opts: CallOptions = {}): Promise<number | undefined> {
  const name = displayName(doc);
  if (file.segmentId === undefined) {
    const actions: Record<string, () => unknown> = { Deploy: () => vscode.commands.executeCommand('segmentCriteria.deploy', doc.uri) };
    if (action === 'preview') actions['Preview Draft'] = () => vscode.commands.executeCommand('segmentCriteria.previewDraft', doc.uri);
    reportRefusal(s, `${name} is not deployed yet (it has no segment_id): deploy it first${action === 'preview' ? ', or preview it as a draft' : ''}.`, actions);
    return undefined;
  }
  const account = await s.connection.accountId(opts);
  const problem = bindingProblem(file, account, s.connection.host());
  if (problem) {
    reportRefusal(s, otherAccountMessage(name, problem));
    return undefined;
  }
  return file.segmentId;
}

/** The workspace file bound to a segment of this account (open documents first), if any. */
export async function findBoundFile(segmentId: number, account: string, api: string): Promise<vscode.Uri | undefined> {
  const matches = (text: string, where: string) => {
    const f = readSegmentText(text, where).file;
    return !!f && f.segmentId === segmentId && f.sync?.account === account && f.sync.api === api;
  };
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isClosed || !isSegmentDocument(doc) || doc.uri.scheme === 'segment-criteria-remote' || !matches(doc.getText(), doc.uri.toString())) continue;
    // A document still in memory after its file was deleted is not a place to pull into, unless it holds unsaved work.
    if (doc.uri.scheme === 'file' && !doc.isDirty && !(await exists(doc.uri))) continue;
    return doc.uri;
  }
  if (!vscode.workspace.workspaceFolders?.length) return undefined;
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  for (const uri of await vscode.workspace.findFiles('**/*.segment.json', '**/node_modules/**', 5000)) {
    if (open.has(uri.toString())) continue;
    try {
      if (matches(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), uri.toString())) return uri;
    } catch {
      /* unreadable files are not ours */
    }
  }
  return undefined;
}

