/**
 * Segment Criteria's sign-in as a VS Code authentication provider ("Constant Contact" in the Accounts
 * menu). A session is the sign-in stored for the current target's API host; signing out there removes
 * the stored tokens. Sessions are served from the token vault, which keeps them in SecretStorage only.
 */
import * as vscode from 'vscode';
import { DEFAULT_SCOPES } from '../../../api/src/auth/oauth';
import type { Connection, SignedIn } from '../connection';
import type { Log } from '../log';
import { signIn } from './signIn';

export const AUTH_PROVIDER_ID = 'segment-criteria';
export const AUTH_PROVIDER_LABEL = 'Constant Contact';
export const SCOPES = DEFAULT_SCOPES.split(' ');

export function toSession(s: SignedIn): vscode.AuthenticationSession {
  return {
    id: s.host,
    accessToken: s.login.access_token,
    account: { id: s.login.account_id ?? s.host, label: s.target.kind === 'sandbox' ? `${s.label} (sandbox)` : s.label },
    scopes: s.login.scope ? s.login.scope.split(' ') : SCOPES,
  };
}

export class SegmentAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private last: vscode.AuthenticationSession | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
  ) {
    this.last = connection.current ? toSession(connection.current) : undefined;
    this.subscription = connection.onDidChange((s) => {
      const next = s ? toSession(s) : undefined;
      const before = this.last;
      this.last = next;
      if (before && next && before.id === next.id) this.changed.fire({ added: [], removed: [], changed: [next] });
      else this.changed.fire({ added: next ? [next] : [], removed: before ? [before] : [], changed: [] });
    });
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    await this.connection.reload();
    const s = this.connection.current;
    return s ? [toSession(s)] : [];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const s = await signIn(this.connection, this.log);
    if (!s) throw new Error('Sign-in was cancelled or could not start.');
    return toSession(s);
  }

  async removeSession(sessionId: string): Promise<void> {
    if (sessionId !== this.connection.host()) {
      await this.connection.vault.remove(sessionId);
      return;
    }
    const before = await this.connection.signOut();
    if (before) this.log.info(`Signed out of ${before.host}; its tokens were removed from VS Code's secret storage.`);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
