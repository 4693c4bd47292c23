/**
 * The segment document a command works on, and writing deploy's and pull's results into it. Writes go
 * through a WorkspaceEdit as the smallest replacement, so Undo works, the user's unsaved edits stay, and
 * an edit that raced with typing is computed again on the new text. A document that had no unsaved
 * changes before the command is saved afterwards, so the file on disk stays bound to its segment.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './languageClient';
import { minimalReplacement } from './textEdits';

export function isSegmentDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === LANGUAGE_ID || doc.uri.path.endsWith('.segment.json');
}

/** The document named by a command argument (a Uri, from menus and CodeLens), else the one in view. */
export async function segmentDocument(arg: unknown, action: string): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const shown = segmentInView();
  if (shown) return shown;
  void vscode.window.showWarningMessage(`${action}: open a .segment.json file first.`);
  return undefined;
}

/**
 * The active editor's segment document, else, when no text editor is active (a command run from a page
 * such as the walkthrough), the one segment editor in view.
 */
export function segmentInView(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active) return isSegmentDocument(active) ? active : undefined;
  const visible = [...new Set(vscode.window.visibleTextEditors.map((e) => e.document).filter(isSegmentDocument))];
  return visible.length === 1 ? visible[0] : undefined;
}

/** A short name for messages: the workspace-relative path, or the untitled name. */
export function displayName(doc: vscode.TextDocument): string {
  return doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false);
}

/**
 * Applies `transform` to the document's current text. `save`: save afterwards when the document had no
 * unsaved changes before the command started (`wasDirty` false) and none appeared meanwhile.
 */
export async function editDocument(doc: vscode.TextDocument, transform: (text: string) => string, opts: { save: boolean; wasDirty: boolean }): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = doc.getText();
    const dirtyNow = doc.isDirty;
    const replacement = minimalReplacement(current, transform(current));
    if (!replacement) return true;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(replacement.offset), doc.positionAt(replacement.offset + replacement.length)), replacement.text);
    const version = doc.version;
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) {
      if (doc.version !== version || doc.getText() !== current) continue; // the user typed meanwhile: again on the new text
      return false;
    }
    if (opts.save && !opts.wasDirty && !dirtyNow && !doc.isUntitled) await doc.save();
    return true;
  }
  return false;
}

/** Whether a file exists (on any file system VS Code knows). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
