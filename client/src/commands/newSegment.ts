/**
 * "New Segment File": an untitled segment document holding the whole-segment snippet (the same one that
 * completion offers in an empty file), with Tab moving through its choices. It is the walkthrough's
 * "open an example" step, and a start from nothing on its own.
 */
import * as vscode from 'vscode';
import { SEGMENT_SNIPPET } from '../../../server/src/language/snippets';
import { LANGUAGE_ID } from '../languageClient';

export async function newSegmentCommand(): Promise<vscode.Uri> {
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column(), preview: false });
  // Tabs in the snippet become the editor's indentation: two spaces by the language's defaults.
  await editor.insertSnippet(new vscode.SnippetString(SEGMENT_SNIPPET.body), new vscode.Position(0, 0));
  return doc.uri;
}

/** Beside a page that is not a text editor (the walkthrough), so its next steps stay in view; else here. */
function column(): vscode.ViewColumn {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return tab && !(tab.input instanceof vscode.TabInputText) && !(tab.input instanceof vscode.TabInputTextDiff) ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}
