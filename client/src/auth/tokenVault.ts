/**
 * The extension's sign-ins, one per API host, kept only in VS Code's SecretStorage (passed in as a small
 * interface so this module has no `vscode` import and is unit-tested). A token is only ever used with the
 * host it was issued for.
 *
 * Refreshes are serialized: one in flight per host, and every caller waits for it. Rotating refresh tokens
 * work once, and several VS Code windows share the stored tokens: when a refresh fails with invalid_grant,
 * the stored tokens are read again (another window may have refreshed meanwhile) before giving up.
 */
import { AuthError, refreshTokens, type Tokens } from '../../../api/src/auth/oauth';
import { sleep } from '../../../api/src/sleep';
import type { StoredLogin } from '../../../api/src/auth/tokenStore';

/** What is kept per API host: the CLI's login record, plus the account it belongs to. */
export interface Login extends StoredLogin {
  /** `encoded_account_id` of the account signed in to (GET /account/summary), when known. */
  account_id?: string;
  /** The account's organization name, for the Accounts menu and the status bar. */
  account_name?: string;
}

/** The part of SecretStorage the vault uses. */
export interface SecretBackend {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export type ExpiredReason = 'signed-out' | 'no-refresh-token' | 'invalid-grant';

/** The sign-in for a host is gone or can no longer be refreshed: the user must sign in again. */
export class SessionExpiredError extends Error {
  override name = 'SessionExpiredError';
  constructor(
    readonly host: string,
    readonly reason: ExpiredReason,
  ) {
    super(
      reason === 'signed-out'
        ? `You are not signed in to ${host}.`
        : reason === 'no-refresh-token'
          ? `Your sign-in to ${host} expired and cannot be renewed (no refresh token was issued).`
          : `Your sign-in to ${host} expired or was revoked (the refresh token was not accepted).`,
    );
  }
}

export interface VaultOptions {
  refresh?: (tokenEndpoint: string, clientId: string, refreshToken: string) => Promise<Tokens>;
  /** Refresh this long before expiry. Default one minute. */
  earlyMs?: number;
  /** After invalid_grant, read the stored tokens again after each of these pauses before giving up. */
  reReadDelaysMs?: number[];
  now?: () => number;
}

const PREFIX = 'segmentCriteria.login/';

export class TokenVault {
  private readonly inFlight = new Map<string, Promise<Login>>();
  /** Last values seen, for redacting logs; never written anywhere. */
  private readonly seen = new Map<string, Login>();
  private readonly refresher: NonNullable<VaultOptions['refresh']>;
  private readonly earlyMs: number;
  private readonly reReadDelaysMs: number[];
  private readonly now: () => number;

  constructor(
    private readonly backend: SecretBackend,
    opts: VaultOptions = {},
  ) {
    this.refresher = opts.refresh ?? refreshTokens;
    this.earlyMs = opts.earlyMs ?? 60_000;
    this.reReadDelaysMs = opts.reReadDelaysMs ?? [0, 500, 1500];
    this.now = opts.now ?? Date.now;
  }

  /** The SecretStorage key of a host's sign-in. */
  static keyFor(host: string): string {
    return PREFIX + host;
  }

  static hostOfKey(key: string): string | undefined {
    return key.startsWith(PREFIX) ? key.slice(PREFIX.length) : undefined;
  }

  /** The stored sign-in, read from the backend each time (another window may have changed it). */
  async get(host: string): Promise<Login | undefined> {
    const raw = await this.backend.get(TokenVault.keyFor(host));
    if (!raw) return undefined;
    try {
      const v = JSON.parse(raw) as Login;
      if (v && typeof v.access_token === 'string' && typeof v.client_id === 'string' && typeof v.token_endpoint === 'string') {
        this.seen.set(host, v);
        return v;
      }
    } catch {
      /* below */
    }
    // Damaged: forget it; the user signs in again.
    await this.backend.delete(TokenVault.keyFor(host));
    return undefined;
  }

  async put(host: string, login: Login): Promise<void> {
    this.seen.set(host, login);
    await this.backend.store(TokenVault.keyFor(host), JSON.stringify(login));
  }

  async remove(host: string): Promise<void> {
    await this.backend.delete(TokenVault.keyFor(host));
  }

  /** Every token value this vault has handled, for redaction. */
  secrets(): string[] {
    const out: string[] = [];
    for (const l of this.seen.values()) out.push(l.access_token, l.refresh_token ?? '');
    return out.filter(Boolean);
  }

  private expiring(l: Login): boolean {
    return l.expires_at !== undefined && l.expires_at - this.earlyMs < this.now();
  }

  /** A usable access token for the host, refreshed first when it is about to expire. */
  async accessToken(host: string): Promise<string> {
    const login = await this.get(host);
    if (!login) throw new SessionExpiredError(host, 'signed-out');
    if (this.expiring(login)) return (await this.refresh(host, login.access_token)).access_token;
    return login.access_token;
  }

  /**
   * New tokens after `rejected` was refused (or expired). Concurrent callers share one refresh. If the
   * stored token already differs from the rejected one and is fresh, another caller or window refreshed
   * it: that one is used, and no refresh token is spent.
   */
  refresh(host: string, rejected: string): Promise<Login> {
    let p = this.inFlight.get(host);
    if (!p) {
      p = this.refreshNow(host, rejected).finally(() => this.inFlight.delete(host));
      this.inFlight.set(host, p);
    }
    return p;
  }

  private async refreshNow(host: string, rejected: string): Promise<Login> {
    const stored = await this.get(host);
    if (!stored) throw new SessionExpiredError(host, 'signed-out');
    if (stored.access_token !== rejected && !this.expiring(stored)) return stored;
    if (!stored.refresh_token) throw new SessionExpiredError(host, 'no-refresh-token');
    let t: Tokens;
    try {
      t = await this.refresher(stored.token_endpoint, stored.client_id, stored.refresh_token);
    } catch (e) {
      if (e instanceof AuthError && e.code === 'invalid_grant') {
        // A rotating refresh token works once: another window may have used it and be saving new tokens.
        for (const delay of this.reReadDelaysMs) {
          if (delay) await sleep(delay);
          const again = await this.get(host);
          if (!again) throw new SessionExpiredError(host, 'signed-out');
          if (again.refresh_token !== stored.refresh_token || again.access_token !== stored.access_token) return again;
        }
        throw new SessionExpiredError(host, 'invalid-grant');
      }
      throw e;
    }
    const next: Login = { ...stored, access_token: t.access_token, refresh_token: t.refresh_token ?? stored.refresh_token, saved_at: this.now() };
    if (t.expires_at !== undefined) next.expires_at = t.expires_at;
    else delete next.expires_at;
    if (t.scope) next.scope = t.scope;
    await this.put(host, next);
    return next;
  }
}
