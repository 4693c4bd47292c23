/**
 * Escape and Unescape, offline and with the API module's functions (the CLI's `escape` and `unescape`).
 * Escape: the exact API request body, `{"name", "segment_criteria": "<escaped>"}`, in a new editor and on
 * the clipboard (comments, `$schema`, `segment_id` and `sync` are dropped). Unescape: a request or
 * response body from the selection or the clipboard back into a readable segment file, in a new editor.
 */
import * as vscode from 'vscode';
import { readClipboard } from '../clipboard';
import { requestBody, unescapeBody } from '../../../domain/src/segmentFile';
import { displayName, segmentDocument } from '../documents';
import { LANGUAGE_ID } from '../languageClient';
import type { Services } from '../services';
import { parsedFile } from './bound';
import { messageOf } from '../log';
import { errorCount } from './gate';
import { notify, reportRefusal } from './report';

export async function escapeCommand(s: Services, arg: unknown): Promise<vscode.TextDocument | undefined> {
  const doc = await segmentDocument(arg, 'Escape');
  if (!doc) return undefined;
  const name = displayName(doc);
  const file = parsedFile(s, doc);
  if (!file) return undefined;
  const body = JSON.stringify(requestBody(file), null, 2) + '\n';
  const out = await vscode.workspace.openTextDocument({ language: 'json', content: body });
  await vscode.window.showTextDocument(out, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  await vscode.env.clipboard.writeText(body);
  // Offline check, as the CLI's escape does: the body is still given, with a warning.
  const checked = await errorCount(s.language, doc.getText(), doc.uri).catch((e: unknown) => e as Error);
  if (checked instanceof Error) {
    s.log.warn(`${name}: escaped, but not checked: the language server did not answer (${messageOf(checked)}).`);
    notify('warning', `Escaped ${name} and copied the request body, but it could not be checked: the Segment Criteria language server did not answer.`);
    return out;
  }
  const { count, first } = checked;
  if (count > 0) {
    s.log.warn(`${name}: escaped, but it has ${count} error(s) the API would refuse: ${first}`);
    notify('warning', `Escaped ${name} and copied the request body, but the file has ${count} error${count === 1 ? '' : 's'}: the API would refuse it.`, {
      'Show Problems': () => vscode.commands.executeCommand('workbench.actions.view.problems'),
    });
  } else {
    s.log.info(`${name}: escaped; the API request body is in a new editor and on the clipboard (${body.length} characters).`);
    notify('info', `Escaped ${name}: the API request body is in a new editor and on the clipboard.`);
  }
  return out;
}

export async function unescapeCommand(s: Services): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const source = selected.trim() ? 'the selection' : 'the clipboard';
  const text = selected.trim() ? selected : await readClipboard(15_000);
  if (text === undefined) {
    notify('warning', 'Unescape: the clipboard could not be read (a browser may be asking for permission). Select the body in an editor and run Unescape again.');
    return undefined;
  }
  if (!text.trim()) {
    notify('warning', 'Unescape: select a request or response body (or copy one), then run Unescape again.');
    return undefined;
  }
  let file: string;
  try {
    file = unescapeBody(text, source);
  } catch (e) {
    reportRefusal(s, `Unescape: ${(e as Error).message}`);
    return undefined;
  }
  const out = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: file });
  await vscode.window.showTextDocument(out, { preview: false });
  s.log.info(`Unescaped ${source} into a new segment file.`);
  return out;
}
