/**
 * The sandbox's OAuth 2 endpoints, shaped like Constant Contact's (`/oauth2/default/v1/device/authorize`,
 * `/authorize` and `/token`): the device flow, authorization code with PKCE, and refresh with rotating
 * refresh tokens (each refresh token works once), or long-lived ones when so set up.
 * A device code is approved automatically after its first poll (so clients see `authorization_pending`
 * once), or by hand on the verification page when auto-approval is off. An authorization request is
 * approved at once (a redirect to `redirect_uri` with a code), or by hand on its page when auto-approval
 * is off. The sandbox has no registered applications, so any client id and any redirect URI are accepted;
 * PKCE (S256) is required, since a public client has no secret.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readBody, type Reply } from './http.js';

export const OAUTH_PATH = '/oauth2/default/v1';

export { SANDBOX_CLIENT_ID } from '../../api/src/auth/sandboxClient';

export interface OAuthOptions {
  /** Access token lifetime in seconds (Constant Contact: 24 hours). */
  accessTokenTtlSec?: number;
  /** Approve device codes after their first poll. Default true. */
  autoApprove?: boolean;
  /** The polling interval the device endpoint asks for, in seconds. Default 5. */
  deviceIntervalSec?: number;
  /**
   * Scopes never granted, as when the user or the application's settings leave some out: the token
   * response's `scope` lacks them, and without offline_access no refresh token is issued.
   */
  withheldScopes?: string[];
  /**
   * The application's refresh token setting at Constant Contact: `rotating` (the default: each refresh
   * token works once) or `long-lived` (a refresh answers with the same refresh token, which keeps working:
   * what CI keeps in a secret).
   */
  refreshTokens?: 'rotating' | 'long-lived';
}

interface DeviceGrant {
  clientId: string;
  scope: string;
  userCode: string;
  expiresAt: number;
  polls: number;
  approved: boolean;
}

interface CodeGrant {
  clientId: string;
  scope: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
}

/** Authorization codes live 5 minutes at Constant Contact (its support's answer; the spec does not say). */
export const AUTHORIZATION_CODE_TTL_MS = 5 * 60_000;

const tokenError = (error: string, description: string): Reply => ({ status: 400, body: { error, error_description: description } });

export class OAuthServer {
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly refreshTokens = new Map<string, { clientId: string; scope: string }>();
  /** Authorization codes not yet exchanged (each works once). */
  private readonly codes = new Map<string, CodeGrant>();
  /** Issued access tokens and when they expire. */
  readonly accessTokens = new Map<string, number>();

  constructor(
    private readonly opts: OAuthOptions,
    private readonly origin: () => string,
  ) {}

  /** Valid for the API: issued here and not expired. */
  accepts(token: string): boolean {
    const exp = this.accessTokens.get(token);
    return exp !== undefined && exp > Date.now();
  }

  /** Makes every issued access token expire (tests of refresh). */
  expireAccessTokens(): void {
    for (const k of this.accessTokens.keys()) this.accessTokens.set(k, 0);
  }

  async handle(req: IncomingMessage, path: string): Promise<Reply | undefined> {
    if (req.method === 'POST' && path === `${OAUTH_PATH}/device/authorize`) return this.deviceAuthorize(await form(req));
    if (req.method === 'POST' && path === `${OAUTH_PATH}/token`) return this.token(await form(req));
    if (path === '/oauth2/device') return this.devicePage(req);
    if (path === `${OAUTH_PATH}/authorize` && (req.method === 'GET' || req.method === 'POST')) return this.authorize(req);
    return undefined;
  }

  private deviceAuthorize(f: URLSearchParams): Reply {
    const clientId = f.get('client_id');
    if (!clientId) return { status: 400, body: { error: 'invalid_client', error_description: 'client_id is required' } };
    const deviceCode = randomBytes(24).toString('base64url');
    const userCode = `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`.toUpperCase();
    this.devices.set(deviceCode, { clientId, scope: f.get('scope') ?? 'contact_data', userCode, expiresAt: Date.now() + 600_000, polls: 0, approved: false });
    const uri = `${this.origin()}/oauth2/device`;
    return {
      status: 200,
      body: {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: uri,
        verification_uri_complete: `${uri}?user_code=${userCode}`,
        expires_in: 600,
        interval: this.opts.deviceIntervalSec ?? 5,
      },
    };
  }

  private token(f: URLSearchParams): Reply {
    const grant = f.get('grant_type');
    const clientId = f.get('client_id') ?? '';
    if (grant === 'urn:ietf:params:oauth:grant-type:device_code') {
      const code = f.get('device_code') ?? '';
      const d = this.devices.get(code);
      if (!d || d.clientId !== clientId) return tokenError('invalid_grant', 'Unknown device code.');
      if (d.expiresAt < Date.now()) return tokenError('expired_token', 'The device code expired.');
      d.polls++;
      if (!d.approved) {
        if ((this.opts.autoApprove ?? true) && d.polls > 1) d.approved = true;
        else return tokenError('authorization_pending', 'Waiting for the user to approve.');
      }
      this.devices.delete(code);
      return this.issue(d.clientId, d.scope);
    }
    if (grant === 'authorization_code') {
      const code = f.get('code') ?? '';
      const c = this.codes.get(code);
      // A code works once, whatever the outcome, as RFC 6749 asks.
      this.codes.delete(code);
      if (!c || c.clientId !== clientId) return tokenError('invalid_grant', 'The authorization code is invalid or was already used.');
      if (c.expiresAt < Date.now()) return tokenError('invalid_grant', 'The authorization code expired.');
      if (f.get('redirect_uri') !== c.redirectUri) return tokenError('invalid_grant', 'redirect_uri does not match the authorization request.');
      const verifier = f.get('code_verifier') ?? '';
      if (!verifier) return tokenError('invalid_request', 'code_verifier is required (PKCE).');
      if (createHash('sha256').update(verifier).digest('base64url') !== c.challenge) return tokenError('invalid_grant', 'PKCE verification failed: the code_verifier does not match the code_challenge.');
      return this.issue(c.clientId, c.scope);
    }
    if (grant === 'refresh_token') {
      const rt = f.get('refresh_token') ?? '';
      const known = this.refreshTokens.get(rt);
      if (!known || known.clientId !== clientId) return tokenError('invalid_grant', 'The refresh token is invalid or was already used.');
      if ((this.opts.refreshTokens ?? 'rotating') === 'long-lived') return this.issue(known.clientId, known.scope, rt);
      this.refreshTokens.delete(rt); // rotating: single use
      return this.issue(known.clientId, known.scope);
    }
    return tokenError('unsupported_grant_type', `grant_type ${grant} is not supported here`);
  }

  /** Mints tokens; used by the token endpoint and by tests that need a refresh token directly. */
  issue(clientId: string, asked: string, keptRefreshToken?: string): Reply {
    const withheld = this.opts.withheldScopes ?? [];
    const scope = asked.split(/\s+/).filter((s) => s && !withheld.includes(s)).join(' ');
    const access = `sbx_at_${randomBytes(18).toString('base64url')}`;
    const ttl = this.opts.accessTokenTtlSec ?? 86_400;
    this.accessTokens.set(access, Date.now() + ttl * 1000);
    const body: Record<string, unknown> = { access_token: access, token_type: 'Bearer', expires_in: ttl, scope };
    if (!withheld.includes('offline_access')) {
      const refresh = keptRefreshToken ?? `sbx_rt_${randomBytes(18).toString('base64url')}`;
      this.refreshTokens.set(refresh, { clientId, scope });
      body.refresh_token = refresh;
    }
    return { status: 200, body };
  }

  /**
   * The authorization endpoint. Checks the request, then (auto-approval, the default) redirects to
   * `redirect_uri` with `code` and `state`; without auto-approval it shows a page whose button approves.
   * Errors a client can be told about go back to the redirect URI as `error`; without a usable redirect
   * URI the page says what is wrong, as RFC 6749 §4.1.2.1 asks.
   */
  private async authorize(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = req.method === 'POST' ? await form(req) : url.searchParams;
    const page = (status: number, html: string): Reply => ({ status, contentType: 'text/html; charset=utf-8', text: `<!doctype html><title>Sandbox sign-in</title><h1>Constant Contact sandbox</h1>${html}` });
    const clientId = q.get('client_id');
    const redirectUri = q.get('redirect_uri') ?? '';
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      return page(400, '<p>The request has no valid redirect_uri.</p>');
    }
    if (!clientId) return page(400, '<p>The request has no client_id.</p>');
    const back = (params: Record<string, string>): Reply => {
      for (const [k, v] of Object.entries(params)) redirect.searchParams.set(k, v);
      const state = q.get('state');
      if (state !== null) redirect.searchParams.set('state', state);
      return { status: 302, headers: { Location: redirect.href }, text: '' };
    };
    if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'Only response_type=code is supported.' });
    const challenge = q.get('code_challenge') ?? '';
    if (!challenge || q.get('code_challenge_method') !== 'S256') return back({ error: 'invalid_request', error_description: 'PKCE is required: code_challenge with code_challenge_method=S256.' });
    const approved = req.method === 'POST' ? q.get('approve') === 'yes' : (this.opts.autoApprove ?? true);
    if (!approved) {
      const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      const hidden = [...q.entries()].filter(([k]) => k !== 'approve').map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
      return page(200, `<p>Allow <b>${esc(clientId)}</b> to use the sandbox account?</p><form method="post">${hidden}<button name="approve" value="yes">Approve</button></form>`);
    }
    const code = `sbx_code_${randomBytes(18).toString('base64url')}`;
    this.codes.set(code, { clientId, scope: q.get('scope') ?? 'contact_data', redirectUri, challenge, expiresAt: Date.now() + AUTHORIZATION_CODE_TTL_MS });
    return back({ code });
  }

  private async devicePage(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://x');
    let code = url.searchParams.get('user_code') ?? '';
    let done = '';
    if (req.method === 'POST') {
      code = (await form(req)).get('user_code') ?? code;
      const d = [...this.devices.values()].find((g) => g.userCode === code.toUpperCase());
      if (d) d.approved = true;
      done = d ? '<p>Approved. You can close this page.</p>' : '<p>Unknown code.</p>';
    }
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      text: `<!doctype html><title>Sandbox sign-in</title><h1>Constant Contact sandbox</h1>${done}<form method="post"><label>Code <input name="user_code" value="${esc(code)}"></label> <button>Approve</button></form>`,
    };
  }
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req, 100_000));
}
