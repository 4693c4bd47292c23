/**
 * The redirect of the authorization code flow: VS Code's own URI handler, not a loopback listener.
 *
 * The redirect URI is `<uriScheme>://segment-criteria.segment-criteria/auth-callback` (`vscode://…` in
 * VS Code, `vscode-insiders://…` in Insiders). VS Code gives such a URI, opened by the browser, to this
 * extension's UriHandler, wherever the extension runs: in desktop VS Code, and in remote ones (SSH,
 * containers, WSL), whose window is a desktop VS Code too. A loopback listener would run on the remote
 * machine and need a forwarded port, which may differ from the registered one. In a browser-based VS Code
 * (code-server, Codespaces, vscode.dev) `vscode.env.asExternalUri` turns the URI into the workbench's own
 * `https://…/callback?vscode-reqid=…` page, which differs from one sign-in to the next: only the sandbox,
 * which accepts any redirect URI, can be signed in to that way there; the device flow covers the rest.
 */
import * as vscode from 'vscode';

export const CALLBACK_PATH = '/auth-callback';

interface Waiter {
  resolve(uri: vscode.Uri): void;
}

export class AuthRedirects implements vscode.UriHandler {
  private readonly waiting = new Map<string, Waiter>();
  private extensionId = 'segment-criteria.segment-criteria';
  private warn: (message: string) => void = () => undefined;

  init(extensionId: string, warn: (message: string) => void): void {
    this.extensionId = extensionId;
    this.warn = warn;
  }

  /** The URI this extension handles, before VS Code makes it reachable from a browser. */
  appUri(): vscode.Uri {
    return vscode.Uri.parse(`${vscode.env.uriScheme}://${this.extensionId}${CALLBACK_PATH}`);
  }

  /**
   * The redirect URI to send. Where VS Code hands the app's own scheme to the browser (desktop and
   * remote), the plain URI: it is the one users register, so it must not carry per-window parameters.
   * In a browser-based VS Code, the callback page asExternalUri gives.
   */
  async redirectUri(): Promise<string> {
    const local = this.appUri();
    const external = await vscode.env.asExternalUri(local);
    return external.scheme === local.scheme ? local.toString(true) : external.toString(true);
  }

  handleUri(uri: vscode.Uri): void {
    if (uri.path !== CALLBACK_PATH) return;
    const state = new URLSearchParams(uri.query).get('state') ?? '';
    const waiter = this.waiting.get(state);
    if (!waiter) {
      this.warn('A sign-in redirect arrived that no sign-in in this window is waiting for (cancelled, timed out, or started in another window): ignored. Sign in again from this window.');
      return;
    }
    this.waiting.delete(state);
    waiter.resolve(uri);
  }

  /** The redirect carrying `state`; undefined when `signal` aborts first. */
  wait(state: string, signal: AbortSignal): Promise<vscode.Uri | undefined> {
    return new Promise((resolve) => {
      const done = (uri: vscode.Uri | undefined) => {
        signal.removeEventListener('abort', onAbort);
        this.waiting.delete(state);
        resolve(uri);
      };
      const onAbort = () => done(undefined);
      if (signal.aborted) return done(undefined);
      signal.addEventListener('abort', onAbort);
      this.waiting.set(state, { resolve: done });
    });
  }

  /** Sign-ins waiting for their redirect (tests). */
  get pending(): number {
    return this.waiting.size;
  }
}

export const authRedirects = new AuthRedirects();
