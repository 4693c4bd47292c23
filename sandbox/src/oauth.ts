/**
 * The sandbox's OAuth 2 endpoints, shaped like Constant Contact's (`/oauth2/default/v1/device/authorize`
 * and `/token`): the device flow and refresh with rotating refresh tokens (each refresh token works once).
 * A device code is approved automatically after its first poll (so clients see `authorization_pending`
 * once), or by hand on the verification page when auto-approval is off.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readBody, type Reply } from './http.js';

export const OAUTH_PATH = '/oauth2/default/v1';

export interface OAuthOptions {
  /** Access token lifetime in seconds (Constant Contact: 24 hours). */
  accessTokenTtlSec?: number;
  /** Approve device codes after their first poll. Default true. */
  autoApprove?: boolean;
  /** The polling interval the device endpoint asks for, in seconds. Default 5. */
  deviceIntervalSec?: number;
}

interface DeviceGrant {
  clientId: string;
  scope: string;
  userCode: string;
  expiresAt: number;
  polls: number;
  approved: boolean;
}

const tokenError = (error: string, description: string): Reply => ({ status: 400, body: { error, error_description: description } });

export class OAuthServer {
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly refreshTokens = new Map<string, { clientId: string; scope: string }>();
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
    if (grant === 'refresh_token') {
      const rt = f.get('refresh_token') ?? '';
      const known = this.refreshTokens.get(rt);
      if (!known || known.clientId !== clientId) return tokenError('invalid_grant', 'The refresh token is invalid or was already used.');
      this.refreshTokens.delete(rt); // rotating: single use
      return this.issue(known.clientId, known.scope);
    }
    return tokenError('unsupported_grant_type', `grant_type ${grant} is not supported here`);
  }

  /** Mints tokens; used by the token endpoint and by tests that need a refresh token directly. */
  issue(clientId: string, scope: string): Reply {
    const access = `sbx_at_${randomBytes(18).toString('base64url')}`;
    const refresh = `sbx_rt_${randomBytes(18).toString('base64url')}`;
    const ttl = this.opts.accessTokenTtlSec ?? 86_400;
    this.accessTokens.set(access, Date.now() + ttl * 1000);
    this.refreshTokens.set(refresh, { clientId, scope });
    return { status: 200, body: { access_token: access, token_type: 'Bearer', expires_in: ttl, refresh_token: refresh, scope } };
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
