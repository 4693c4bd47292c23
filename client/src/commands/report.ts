/**
 * How commands run network work and report outcomes: a cancellable progress notification, results and
 * failures in the log, an error message with "Show Log", and for an expired or missing sign-in a prompt
 * to sign in again instead of an opaque error. A reporter with a subject (a command run about one file or
 * segment) shows its failures as notices that its next success closes (errorNotices.ts).
 */
import * as vscode from 'vscode';
import { ApiError } from '../../../api/src/errors';
import { SessionExpiredError } from '../auth/tokenVault';
import type { Connection } from '../connection';
import { messageOf, type Log } from '../log';
import { ErrorNotices, type Notice } from './errorNotices';

export class Cancelled extends Error {
  override name = 'Cancelled';
  constructor() {
    super('Cancelled.');
  }
}

export interface Reporter {
  log: Log;
  connection: Connection;
  /** What a command run is about ("deploy <uri>"): its failures stay until its next success. */
  subject?: string;
}

/** The reporter (the services) for a command run about `subject`. */
export function about<R extends Reporter>(r: R, subject: string): R {
  return { ...r, subject };
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

export const NOTICE_ACTION_COMMAND = 'segmentCriteria.noticeAction';
const noticeActions = new Map<string, () => unknown>();
let noticeActionCount = 0;

/**
 * A notice is a cancellable progress notification titled with the error: VS Code keeps it on screen while
 * its task runs (a full bar, since nothing does) and closes it when the task settles, which an extension
 * can make happen, unlike with showErrorMessage. Cancel is how the user dismisses it. Progress
 * notifications take no buttons of their own, so the actions are command links in the message.
 */
function drawNotice(message: string, actions: Record<string, () => unknown>): Notice {
  const ids: string[] = [];
  const links = Object.entries(actions).map(([label, run]) => {
    const id = String(++noticeActionCount);
    ids.push(id);
    noticeActions.set(id, run);
    return `[${label}](command:${NOTICE_ACTION_COMMAND}?${encodeURIComponent(JSON.stringify([id]))})`;
  });
  let close!: () => void;
  const closed = new Promise<void>((resolve) => (close = resolve));
  void closed.then(() => ids.forEach((id) => noticeActions.delete(id)));
  void Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: [message, ...links].join(' '), cancellable: true }, (progress, token) => {
      progress.report({ increment: 100 });
      token.onCancellationRequested(close);
      return closed;
    }),
  ).then(undefined, close);
  return { close, closed };
}

export const errorNotices = new ErrorNotices(drawNotice);

/** Runs an action link of a notice (the command behind NOTICE_ACTION_COMMAND). */
export function runNoticeAction(id: unknown): unknown {
  return typeof id === 'string' ? noticeActions.get(id)?.() : undefined;
}

/** An error: a notice when the reporter has a subject, else a plain error notification. */
function showError(r: Reporter, message: string, actions: Actions): void {
  if (r.subject) errorNotices.show(r.subject, message, actions);
  else notify('error', message, actions);
}

/** Runs a sign-in command (Sign In, or Use Local Sandbox signing in) and, once signed in, `resume`. */
async function signInThen(resume: (() => unknown) | undefined, command = 'segmentCriteria.signIn', ...args: unknown[]): Promise<void> {
  if (await vscode.commands.executeCommand<boolean>(command, ...args)) await resume?.();
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
    void Promise.resolve(vscode.window.showWarningMessage(text, ...buttons)).then((choice) => {
      if (choice === 'Sign In') return signInThen(resume);
      if (choice === 'Use Local Sandbox') return signInThen(resume, 'segmentCriteria.useSandbox', { signIn: true });
      return undefined;
    });
    return;
  }
  r.log.error(`${doing}: ${message}`);
  showError(r, `${doing}: ${message}`, { 'Show Log': () => r.log.show() });
}

/** A refusal (the file has errors, the name is taken, ...): logged, and shown with "Show Log". */
export function reportRefusal(r: Reporter, message: string, actions: Actions = {}): void {
  r.log.warn(message);
  showError(r, message, { ...actions, 'Show Log': () => r.log.show() });
}

/** A success; it closes the notice of its subject's earlier failure, which no longer holds. */
export function reportSuccess(r: Reporter, message: string, actions: Actions = {}): void {
  r.log.info(message);
  if (r.subject) errorNotices.clear(r.subject);
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
    void signInThen(resume);
    return false;
  }
  void reportError(r, doing, new SessionExpiredError(r.connection.host(), 'signed-out'), resume);
  return false;
}


/** Signs out and in again: a new sign-in asks for every scope, e.g. one the first sign-in was not granted. */
export async function signInAgain(): Promise<void> {
  await vscode.commands.executeCommand('segmentCriteria.signOut');
  await vscode.commands.executeCommand('segmentCriteria.signIn');
}
