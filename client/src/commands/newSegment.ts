/**
 * "New Segment File": an untitled segment document holding the whole-segment snippet (the same one that
 * completion offers in an empty file), with Tab moving through its choices. It is the walkthrough's
 * "open an example" step, and a start from nothing on its own.
 *
 * The snippet is the one the extension contributes (generated from the vocabulary, and held equal to it by
 * a test), inserted by name rather than built here: the vocabulary stays out of the extension bundle.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../languageClient';

/** The whole-segment snippet's name in snippets/segment-json.code-snippets, generated from the vocabulary. */
const SEGMENT_SNIPPET_NAME = 'Segment file';

export async function newSegmentCommand(): Promise<vscode.Uri> {
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column(), preview: false });
  // The contributed snippet, by name: the extension carries no copy of the vocabulary it is generated from.
  // Tabs in the snippet become the editor's indentation: two spaces by the language's defaults.
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: LANGUAGE_ID, name: SEGMENT_SNIPPET_NAME });
  return doc.uri;
}

/** Beside a page that is not a text editor (the walkthrough), so its next steps stay in view; else here. */
function column(): vscode.ViewColumn {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return tab && !(tab.input instanceof vscode.TabInputText) && !(tab.input instanceof vscode.TabInputTextDiff) ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}
