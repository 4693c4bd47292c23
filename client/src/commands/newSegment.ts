/**
 * "New Segment File": an untitled segment document holding the whole-segment snippet (the same one that
 * completion offers in an empty file), with Tab moving through its choices. It is the walkthrough's
 * "open an example" step, and a start from nothing on its own.
 *
 * The snippet is read from the snippets file the extension contributes (generated from the vocabulary,
 * and held equal to it by a test) rather than built here: the vocabulary stays out of the extension bundle.
 */
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../languageClient';

export async function newSegmentCommand(extensionUri: vscode.Uri): Promise<vscode.Uri> {
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column(), preview: false });
  // Tabs in the snippet become the editor's indentation: two spaces by the language's defaults.
  await editor.insertSnippet(new vscode.SnippetString(await fileTemplate(extensionUri)), new vscode.Position(0, 0));
  return doc.uri;
}

/** The body of the contributed snippet marked as the file template. */
async function fileTemplate(extensionUri: vscode.Uri): Promise<string> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'snippets', 'segment-json.code-snippets')));
  const snippets = parse(text) as Record<string, { body: string[]; isFileTemplate?: boolean }>;
  const template = Object.values(snippets).find((s) => s.isFileTemplate);
  if (!template) throw new Error('The extension has no segment file template: reinstall it.');
  return template.body.join('\n');
}

/** Beside a page that is not a text editor (the walkthrough), so its next steps stay in view; else here. */
function column(): vscode.ViewColumn {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return tab && !(tab.input instanceof vscode.TabInputText) && !(tab.input instanceof vscode.TabInputTextDiff) ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}
