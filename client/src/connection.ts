/**
 * Where the extension talks to, and as whom: the target (the user's Constant Contact settings, or the
 * local sandbox for this window only), the sign-in stored for the target's API host, and API clients
 * bound to that host. A client made for one host sends its tokens to that host only, even if the target
 * changes while it works.
 */
import * as vscode from 'vscode';
import { scopeList } from '../../api/src/auth/scopes';
import { CtctClient } from '../../api/src/client';
import type { CallOptions } from '../../api/src/client';
import { ApiError } from '../../api/src/errors';
import { SANDBOX_CLIENT_ID } from '../../api/src/auth/sandboxClient';
import { TokenVault, type Login } from './auth/tokenVault';
import { checkSandboxUrl, hostOf } from './endpoints';
import type { Log } from './log';
import { accountEndpoints, affectsEndpoints } from './settings';

export interface Target {
  kind: 'account' | 'sandbox';
  apiBaseUrl: string;
  oauthBaseUrl: string;
  /** Empty when the user has not set their application's client id yet. */
  clientId: string;
}

export { SANDBOX_CLIENT_ID };

export interface SignedIn {
  host: string;
  target: Target;
  login: Login;
  /** The account's name, or the host when unknown. */
  label: string;
}

export { checkSandboxUrl, hostOf } from './endpoints';

export const SIGN_IN_HINT = 'Run "Segment Criteria: Sign In" to sign in again.';

export class Connection implements vscode.Disposable {
  private sandbox: Target | undefined;
  private signedIn: SignedIn | undefined;
  private readonly changed = new vscode.EventEmitter<SignedIn | undefined>();
  /** Fires when the target or the sign-in changes (with the new sign-in, if any). */
  readonly onDidChange = this.changed.event;
  private clients = new Map<string, CtctClient>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private reloading: Promise<void> = Promise.resolve();
  /** What the last change event described: target, host and sign-in. */
  private lastKey = '';

  constructor(
    readonly vault: TokenVault,
    private readonly log: Log,
    secrets: vscode.SecretStorage,
  ) {
    this.subscriptions.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsEndpoints(e) && !this.sandbox) void this.reload();
      }),
      // Another window signed in or out, or refreshed the tokens.
      secrets.onDidChange((e) => {
        if (TokenVault.hostOfKey(e.key) === this.host()) void this.reload();
      }),
    );
  }

  target(): Target {
    if (this.sandbox) return this.sandbox;
    const endpoints = accountEndpoints();
    // Settings pointed at a sandbox on this machine (as `npm start` and `segment-criteria sandbox` set them up)
    // sign in as the sandbox does: it approves by itself, so there is nothing to show or click.
    const sandbox = endpoints.clientId === SANDBOX_CLIENT_ID && !checkSandboxUrl(endpoints.apiBaseUrl);
    return { kind: sandbox ? 'sandbox' : 'account', ...endpoints };
  }

  host(): string {
    return hostOf(this.target().apiBaseUrl);
  }

  get current(): SignedIn | undefined {
    return this.signedIn;
  }

  /** Whether the target is a sandbox: this window's own ("Use Local Sandbox") or one the settings name. */
  usingSandbox(): boolean {
    return this.target().kind === 'sandbox';
  }

  /** Whether "Use Local Sandbox" points this window away from the settings ("Stop Local Sandbox" undoes it). */
  sandboxOverride(): boolean {
    return !!this.sandbox;
  }

  /** Points this window at a sandbox (or back at the settings with undefined); settings are not changed. */
  async setSandbox(target: Target | undefined): Promise<void> {
    this.sandbox = target;
    this.clients.clear();
    await this.reload();
  }

  /** Reads the stored sign-in for the current target again; fires onDidChange when it differs. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const target = this.target();
      const host = hostOf(target.apiBaseUrl);
      let login: Login | undefined;
      try {
        login = await this.vault.get(host);
      } catch (e) {
        this.log.warn(`Could not read the stored sign-in for ${host}: ${(e as Error).message}`);
      }
      const next: SignedIn | undefined = login ? { host, target, login, label: login.account_name ?? login.account_id ?? host } : undefined;
      const key = `${target.kind} ${host} ${target.clientId ? 'client' : 'no-client'} ${login ? `${login.account_id ?? ''} ${next?.label}` : '-'}`;
      this.signedIn = next;
      if (key !== this.lastKey) {
        this.lastKey = key;
        this.changed.fire(next);
      }
    });
    return this.reloading;
  }

  /** An API client for the current target's host. */
  client(): CtctClient {
    const target = this.target();
    const host = hostOf(target.apiBaseUrl);
    const key = `${target.kind} ${target.apiBaseUrl}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new CtctClient({
        baseUrl: target.apiBaseUrl,
        auth: {
          getToken: () => this.vault.accessToken(host),
          refresh: async (rejected) => (await this.vault.refresh(host, rejected)).access_token,
          grantedScopes: async () => scopeList((await this.vault.get(host))?.scope),
        },
        hints: { signIn: SIGN_IN_HINT },
        onRequest: (r) => this.log.trace(`${r.call} ${r.status} ${r.ms}ms`),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * The `encoded_account_id` deploy binds files to. Kept with the sign-in; asked for (GET
   * /account/summary) when the sign-in did not record it.
   */
  async accountId(opts: CallOptions = {}): Promise<string> {
    const s = this.signedIn;
    if (s?.login.account_id) return s.login.account_id;
    const summary = await this.client().accountSummary(opts);
    if (!summary?.encoded_account_id) throw new ApiError('unexpected', 'The account summary has no encoded_account_id; cannot tell which account files belong to.');
    if (s) {
      const login: Login = { ...s.login, account_id: summary.encoded_account_id, ...(summary.organization_name ? { account_name: summary.organization_name } : {}) };
      await this.vault.put(s.host, login);
      await this.reload();
    }
    return summary.encoded_account_id;
  }

  /** Forgets the stored sign-in of the current host (sign out, or after it expired). */
  async signOut(): Promise<SignedIn | undefined> {
    const before = this.signedIn;
    await this.vault.remove(this.host());
    await this.reload();
    return before;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
