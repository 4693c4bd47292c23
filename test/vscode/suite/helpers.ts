// What the extension-host tests share: finding the extension and the workspace files, waiting on VS Code
// state (diagnostics, activation, commands) with a deadline instead of sleeping, and skipping with a reason.
import * as assert from 'node:assert/strict';
import type { Context, Runnable } from 'mocha';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'segment-criteria.segment-criteria';
export const LANGUAGE_ID = 'segment-json';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

/** A file of the test workspace (a fresh copy of test/vscode/fixtures/workspace). */
export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open: the runner opens a copy of test/vscode/fixtures/workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openSegment(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  return vscode.window.showTextDocument(doc);
}

/** Polls `probe` until it returns something truthy, or fails with what was awaited. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | PromiseLike<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Waits until the document has a diagnostic with this code. */
export function waitForDiagnostic(uri: vscode.Uri, code: string, timeoutMs?: number): Promise<vscode.Diagnostic> {
  return waitFor(`a "${code}" diagnostic on ${uri.path}`, () => vscode.languages.getDiagnostics(uri).find((d) => diagnosticCode(d) === code), timeoutMs);
}

/** Waits until no diagnostic with this code remains. */
export async function waitForNoDiagnostic(uri: vscode.Uri, code: string, timeoutMs?: number): Promise<void> {
  await waitFor(`no "${code}" diagnostic on ${uri.path}`, () => !vscode.languages.getDiagnostics(uri).some((d) => diagnosticCode(d) === code), timeoutMs);
}

/** Offset of the first occurrence of `needle` in the document, failing clearly when absent. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not found in ${doc.uri.path}`);
  return doc.positionAt(offset + delta);
}

/** Marks the running test skipped with a reason the runners print, then stops it. */
/** A figure a test reports with its result (the runner prints it beside the test's title). */
export function noteResult(ctx: Context, note: string): void {
  if (ctx.test) (ctx.test as Runnable & { note?: string }).note = note;
}

export function skipBecause(ctx: Context, reason: string): never {
  if (ctx.test) (ctx.test as Runnable & { skipReason?: string }).skipReason = reason;
  ctx.skip();
}

/**
 * The command the extension contributes whose id matches `pattern`, when it is both declared in the
 * manifest and registered at run time; undefined while the feature doesn't exist yet.
 */
export async function contributedCommand(pattern: RegExp): Promise<string | undefined> {
  const contributed = (extension().packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  const id = contributed.map((c) => c.command).find((c) => pattern.test(c));
  if (!id) return undefined;
  await extension().activate();
  return (await vscode.commands.getCommands(true)).includes(id) ? id : undefined;
}
