// Shared by the suites that talk to an API: the extension's test-facing exports, a signed-in session on a
// sandbox (the one the runner started, SEGMENT_SANDBOX_URL, or else one the extension starts in-process),
// and files written into the test workspace. A suite skips with the reason when no sandbox can be reached.
import { type Context, suiteSetup, suiteTeardown } from 'mocha';
import * as vscode from 'vscode';
import { readClipboard as readClipboardWithin } from '../../../client/src/clipboard';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/src/server';
import type { SegmentCriteriaApi } from '../../../client/src/extension';
import { extension, skipBecause, waitFor, workspaceUri } from './helpers';

export async function api(): Promise<SegmentCriteriaApi> {
  return (await extension().activate()) as SegmentCriteriaApi;
}

let sessionProblem: string | undefined;

/** Signed in to a sandbox, or the test is skipped with why not. */
export async function sandboxSession(ctx: Context): Promise<SegmentCriteriaApi> {
  const a = await api();
  if (a.account().sandbox && a.account().signedIn) return a;
  if (sessionProblem) skipBecause(ctx, sessionProblem);
  const url = process.env.SEGMENT_SANDBOX_URL;
  const ok = await vscode.commands.executeCommand<boolean>('segmentCriteria.useSandbox', url ? { apiBaseUrl: url, signIn: true } : { signIn: true });
  if (!ok || !a.account().signedIn) {
    sessionProblem = url
      ? `the sandbox at SEGMENT_SANDBOX_URL=${url} is not reachable or refused the sign-in (see the "Segment Criteria" log)`
      : 'the in-process sandbox could not start or be signed in to (see the "Segment Criteria" log)';
    skipBecause(ctx, sessionProblem);
  }
  return a;
}

/** Signs the suite in to the sandbox before its tests and out after them (offline suites then see offline results). */
export function withSandboxSession(): void {
  suiteSetup(async function () {
    this.timeout(120_000);
    await sandboxSession(this);
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    await endSandboxSession();
  });
}

/**
 * Ends the session a suite started: back to the (unconfigured) account settings, so the suites after it
 * see the offline checks they expect (a signed-in server reports the fixtures' made-up list ids).
 */
/**
 * A sandbox of the suite's own, configured for it (tokens that expire, scopes withheld), started in the
 * extension host and signed in to before the suite's tests; signed out of and stopped after them. The suite
 * is skipped, with why, when the sandbox cannot start or be signed in to.
 */
export function withOwnSandbox(options: SandboxOptions): () => Sandbox {
  let sb: Sandbox | undefined;
  suiteSetup(async function () {
    this.timeout(120_000);
    await endSandboxSession();
    try {
      sb = await startSandbox(options);
    } catch (e) {
      skipBecause(this, `a sandbox could not start in the extension host: ${(e as Error).message}`);
    }
    const ok = await vscode.commands.executeCommand<boolean>('segmentCriteria.useSandbox', { apiBaseUrl: sb!.baseUrl, signIn: true });
    if (!ok) skipBecause(this, `could not sign in to the sandbox at ${sb!.baseUrl}`);
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('segmentCriteria.signOut');
    await endSandboxSession();
    await sb?.close();
  });
  return () => sb!;
}

export async function endSandboxSession(): Promise<void> {
  const a = await api();
  if (!a.account().sandbox) return;
  await vscode.commands.executeCommand('segmentCriteria.stopSandbox');
  await waitFor('the account data to be withdrawn', () => !a.accountDataLoaded() && !a.account().sandbox);
}

/** The clipboard's text, or undefined when the host does not answer within 3 s. */
export function readClipboard(): Promise<string | undefined> {
  return readClipboardWithin(3000);
}

/** Waits until the language server has the account's lists, tags, fields and campaigns. */
export async function accountData(a: SegmentCriteriaApi): Promise<void> {
  await waitFor('account data for the language server', () => a.accountDataLoaded(), 60_000);
}

let counter = 0;

/** A unique name per run, so runs against a long-lived sandbox never collide on segment names. */
export function uniqueName(what: string): string {
  return `${what} ${Date.now().toString(36)}-${++counter}`;
}

/** Writes a segment file into the test workspace and opens it. */
export async function writeSegment(fileName: string, content: unknown): Promise<vscode.TextEditor> {
  const uri = workspaceUri(fileName);
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n';
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** A segment file of the sandbox's sample account that has no errors there: opened in the last N campaigns. */
export function openedLastN(name: string, n = 5): unknown {
  return {
    name,
    segment_criteria: {
      version: '1.0.0',
      criteria: { type: 'and', group: [{ source: 'tracking', field: 'opened', op: 'contains-any', const_value: 'last-n-campaigns', param: String(n) }] },
    },
  };
}

export function segmentIdIn(doc: vscode.TextDocument): number | undefined {
  const m = /"segment_id"\s*:\s*(\d+)/.exec(doc.getText());
  return m ? Number(m[1]) : undefined;
}

/** Replaces the whole document text through a WorkspaceEdit (as a user's edit would). */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${doc.uri.path}`);
}

export async function codeLensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 20)) ?? [];
  return lenses.map((l) => l.command?.title ?? '');
}
