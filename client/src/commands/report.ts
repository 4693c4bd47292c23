/**
 * How commands run network work and report outcomes: a cancellable progress notification, results and
 * failures in the log, an error message with "Show Log", and for an expired or missing sign-in a prompt
 * to sign in again instead of an opaque error.
 */
import * as vscode from 'vscode';
import { ApiError } from '../../../api/src/errors';
import { SessionExpiredError } from '../auth/tokenVault';
import type { Connection } from '../connection';
import { messageOf, type Log } from '../log';

export class Cancelled extends Error {
  override name = 'Cancelled';
  constructor() {
    super('Cancelled.');
  }
}

export interface Reporter {
  log: Log;
  connection: Connection;
}

/** Runs `fn` under a cancellable progress notification; its AbortSignal follows the Cancel button. */
export function withNetwork<T>(title: string, fn: (signal: AbortSignal, progress: vscode.Progress<{ message?: string }>) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const cancel = new AbortController();
      const sub = token.onCancellationRequested(() => cancel.abort());
      try {
        return await fn(cancel.signal, progress);
      } catch (e) {
        if (cancel.signal.aborted) throw new Cancelled();
        throw e;
      } finally {
        sub.dispose();
      }
    }),
  );
}

export function isCancel(e: unknown): boolean {
  return e instanceof Cancelled || (e instanceof ApiError && e.kind === 'cancelled');
}

/** True for failures that a new sign-in fixes. */
export function needsSignIn(e: unknown): boolean {
  return e instanceof SessionExpiredError || (e instanceof ApiError && e.kind === 'unauthorized');
}

/** When the last sign-in prompt was shown: several failing calls at once prompt once. */
let lastPromptAt = 0;

type Actions = Record<string, () => unknown>;

/** Shows a message with buttons without waiting for it (a command never hangs on an unanswered toast). */
export function notify(kind: 'info' | 'warning' | 'error', message: string, actions: Actions = {}): void {
  const show = kind === 'info' ? vscode.window.showInformationMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void Promise.resolve(show(message, ...Object.keys(actions))).then((choice) => {
    if (choice) return actions[choice]?.();
  });
}

/**
 * Logs a failure of `doing` and tells the user, with what to do next. When it needs a sign-in, `resume` runs
 * once the user has signed in from the prompt, so the command that asked carries on.
 */
export async function reportError(r: Reporter, doing: string, e: unknown, resume?: () => unknown): Promise<void> {
  if (isCancel(e)) {
    r.log.info(`${doing}: cancelled.`);
    return;
  }
  const message = r.log.clean(messageOf(e));
  if (needsSignIn(e)) {
    const notSignedIn = e instanceof SessionExpiredError && e.reason === 'signed-out';
    r.log.warn(`${doing}: ${message}`);
    // The stored tokens no longer work: forget them so the Accounts menu and status bar say so.
    if (!notSignedIn && r.connection.current) await r.connection.signOut();
    if (Date.now() - lastPromptAt < 5000) return;
    lastPromptAt = Date.now();
    const sandbox = r.connection.usingSandbox();
    const text = notSignedIn
      ? `${doing}: sign in to ${sandbox ? 'the local sandbox' : 'Constant Contact'} first.`
      : `${doing}: ${e instanceof SessionExpiredError ? message : 'your sign-in was not accepted (it expired or was revoked).'} Sign in again to continue.`;
    const buttons = notSignedIn && !sandbox ? ['Sign In', 'Use Local Sandbox'] : ['Sign In'];
    void Promise.resolve(vscode.window.showWarningMessage(text, ...buttons)).then(async (choice) => {
      let signedIn: boolean | undefined;
      if (choice === 'Sign In') signedIn = await vscode.commands.executeCommand<boolean>('segmentCriteria.signIn');
      if (choice === 'Use Local Sandbox') signedIn = await vscode.commands.executeCommand<boolean>('segmentCriteria.useSandbox', { signIn: true });
      if (signedIn) await resume?.();
    });
    return;
  }
  r.log.error(`${doing}: ${message}`);
  notify('error', `${doing}: ${message}`, { 'Show Log': () => r.log.show() });
}

/** A refusal (the file has errors, the name is taken, ...): logged, and shown with "Show Log". */
export function reportRefusal(r: Reporter, message: string, actions: Actions = {}): void {
  r.log.warn(message);
  notify('error', message, { ...actions, 'Show Log': () => r.log.show() });
}

export function reportSuccess(r: Reporter, message: string, actions: Actions = {}): void {
  r.log.info(message);
  notify('info', message, actions);
}

/**
 * True when signed in. Otherwise false, after starting (without waiting) what signs the user in: on a
 * sandbox, the sign-in itself (a sandbox approves by itself, so there is nothing to ask); on an account, a
 * prompt to sign in. `resume` runs once signed in, so the command that needed it carries on.
 */
export function requireSignedIn(r: Reporter, doing: string, resume?: () => unknown): boolean {
  if (r.connection.current) return true;
  if (r.connection.usingSandbox()) {
    r.log.info(`${doing}: signing in to the sandbox first.`);
    void Promise.resolve(vscode.commands.executeCommand<boolean>('segmentCriteria.signIn')).then((ok) => (ok ? resume?.() : undefined));
    return false;
  }
  void reportError(r, doing, new SessionExpiredError(r.connection.host(), 'signed-out'), resume);
  return false;
}

