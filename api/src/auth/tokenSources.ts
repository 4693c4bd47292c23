/**
 * Where the CLI's access token comes from: a fixed token, a refresh token from the environment (CI), or
 * the login file. Tokens are never printed: messages name their source, not their value.
 */
import type { TokenSource } from '../client.js';
import { AuthError, refreshTokens } from './oauth.js';
import { scopeList } from './scopes.js';
import { DamagedLoginFile, damagedLoginFileMessage, type StoredLogin, type TokenStore } from './tokenStore.js';

/** CTCT_ACCESS_TOKEN: used as given; nothing to refresh. */
export function staticToken(token: string): TokenSource {
  return { getToken: async () => token };
}

/** CI: a client id and a long-lived refresh token from the environment, refreshed at start and after a 401. */
export function environmentRefresh(tokenEndpoint: string, clientId: string, refreshToken: string): TokenSource & { secrets(): string[] } {
  let current: { access: string; refresh: string; scope?: string } | undefined;
  let pending: Promise<string> | undefined;
  const refresh = () =>
    (pending ??= refreshTokens(tokenEndpoint, clientId, current?.refresh ?? refreshToken)
      .then((t) => {
        current = { access: t.access_token, refresh: t.refresh_token ?? current?.refresh ?? refreshToken, ...(t.scope ? { scope: t.scope } : {}) };
        return t.access_token;
      })
      .catch((e: unknown) => {
        const code = e instanceof AuthError ? e.code : undefined;
        throw new AuthError(
          code === 'invalid_grant'
            ? 'CTCT_REFRESH_TOKEN was not accepted (invalid_grant): it expired, was revoked, or was a rotating token already used. Create a new one and update the CI secret (use a long-lived refresh token for CI).'
            : (e as Error).message,
          code,
        );
      })
      .finally(() => (pending = undefined)));
  return {
    getToken: async () => current?.access ?? (await refresh()),
    refresh: async () => refresh(),
    grantedScopes: async () => scopeList(current?.scope),
    secrets: () => [refreshToken, current?.access ?? '', current?.refresh ?? ''],
  };
}

/**
 * The login file's tokens for one API host, refreshed when they expire or are refused. `loginCommand` is
 * the command line that signs in to this host again (with its `--api-base-url` unless it is the default),
 * named when the saved sign-in can no longer be used.
 */
export class StoredTokens implements TokenSource {
  private login: StoredLogin;

  constructor(
    private readonly store: TokenStore,
    readonly apiHost: string,
    login: StoredLogin,
    private readonly loginCommand = 'segment-criteria login',
  ) {
    this.login = login;
  }

  secrets(): string[] {
    return [this.login.access_token, this.login.refresh_token ?? ''];
  }

  async getToken(): Promise<string> {
    // Refresh a minute early so a long run does not start with a token about to expire.
    if (this.login.expires_at !== undefined && this.login.expires_at - 60_000 < Date.now()) return this.refreshNow(this.login.access_token);
    return this.login.access_token;
  }

  async refresh(rejected: string): Promise<string | undefined> {
    return this.refreshNow(rejected);
  }

  async grantedScopes(): Promise<string[] | undefined> {
    return scopeList(this.login.scope);
  }

  /**
   * Refreshes under the lock. Another process may have refreshed first (rotating refresh tokens work
   * once): then the file already holds newer tokens, and those are used instead.
   */
  private async refreshNow(rejected: string): Promise<string> {
    try {
      return await this.store.withLock(() => this.refreshLocked(rejected));
    } catch (e) {
      if (e instanceof DamagedLoginFile) throw new AuthError(damagedLoginFileMessage(e.path, e.problem, this.loginCommand));
      throw e;
    }
  }

  private async refreshLocked(rejected: string): Promise<string> {
    const login = this.loginCommand;
    const onDisk = this.store.get(this.apiHost);
    if (!onDisk) throw new AuthError(`You were signed out of ${this.apiHost}. Run \`${login}\` to sign in again.`);
    if (onDisk.access_token !== rejected && (onDisk.expires_at === undefined || onDisk.expires_at - 60_000 > Date.now())) {
      this.login = onDisk;
      return onDisk.access_token;
    }
    if (!onDisk.refresh_token) throw new AuthError(`The saved sign-in for ${this.apiHost} expired and has no refresh token. Run \`${login}\` to sign in again.`);
    let t;
    try {
      t = await refreshTokens(onDisk.token_endpoint, onDisk.client_id, onDisk.refresh_token);
    } catch (e) {
      if (e instanceof AuthError && e.code === 'invalid_grant') {
        const again = this.store.get(this.apiHost);
        if (again && again.refresh_token !== onDisk.refresh_token) {
          this.login = again;
          return again.access_token;
        }
        throw new AuthError(`The saved sign-in for ${this.apiHost} can no longer be refreshed (invalid_grant: it expired, was revoked, or was already used). Run \`${login}\` to sign in again.`, 'invalid_grant');
      }
      // Any other refusal by the token endpoint (invalid_client...) is also cured by signing in again; a
      // network failure is not, and says what to check.
      if (e instanceof AuthError && e.code) throw new AuthError(`${e.message} Run \`${login}\` to sign in again.`, e.code);
      throw e;
    }
    const next: StoredLogin = { ...onDisk, access_token: t.access_token, refresh_token: t.refresh_token ?? onDisk.refresh_token, saved_at: Date.now() };
    if (t.expires_at !== undefined) next.expires_at = t.expires_at;
    this.store.put(this.apiHost, next);
    this.login = next;
    return next.access_token;
  }
}
