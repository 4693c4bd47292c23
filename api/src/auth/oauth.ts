/**
 * OAuth 2 for the CLI through oauth4webapi: the device flow (no redirect URI, no secret) and refresh.
 * Plain HTTP is allowed for a loopback sandbox only.
 */
import * as oauth from 'oauth4webapi';
import { isLoopback } from '../client.js';
import { sleep } from '../sleep.js';

export const CC_OAUTH_BASE_URL = 'https://authz.constantcontact.com/oauth2/default/v1';
/** What the CLI needs: segments and contacts, campaigns (activity ids), the account's name, and a refresh token. */
export const DEFAULT_SCOPES = 'contact_data campaign_data account_read offline_access';

export class AuthError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface OAuthServerInfo {
  as: oauth.AuthorizationServer;
  insecure: boolean;
}

/** Constant Contact's endpoints (or a sandbox's) from the base `.../oauth2/default/v1`. */
export function authorizationServer(baseUrl: string): OAuthServerInfo {
  let url: URL;
  try {
    url = new URL(baseUrl.replace(/\/+$/, ''));
  } catch {
    throw new AuthError(`The OAuth base URL "${baseUrl}" is not a URL. Give one like ${CC_OAUTH_BASE_URL}.`);
  }
  const insecure = url.protocol === 'http:';
  if (insecure && !isLoopback(url.hostname)) throw new AuthError(`The OAuth base URL must use https (plain http only for a local sandbox): ${url.origin}`);
  const base = url.href.replace(/\/+$/, '');
  return {
    insecure,
    as: { issuer: base.replace(/\/v1$/, ''), device_authorization_endpoint: `${base}/device/authorize`, token_endpoint: `${base}/token` },
  };
}

function options(info: OAuthServerInfo): { [oauth.allowInsecureRequests]?: boolean } {
  return info.insecure ? { [oauth.allowInsecureRequests]: true } : {};
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  /** Epoch ms. */
  expires_at?: number;
  scope?: string;
}

function toTokens(r: oauth.TokenEndpointResponse): Tokens {
  return {
    access_token: r.access_token,
    ...(r.refresh_token ? { refresh_token: r.refresh_token } : {}),
    ...(typeof r.expires_in === 'number' ? { expires_at: Date.now() + r.expires_in * 1000 } : {}),
    ...(r.scope ? { scope: r.scope } : {}),
  };
}

function describe(e: unknown, doing: string): AuthError {
  if (e instanceof oauth.ResponseBodyError) return new AuthError(`${doing} failed: ${e.error}${e.error_description ? ` (${e.error_description})` : ''}.`, e.error);
  if (e instanceof AuthError) return e;
  const cause = (e as { cause?: { code?: string } })?.cause?.code;
  return new AuthError(`${doing} failed: ${cause ?? (e instanceof Error ? e.message : String(e))}. Check the network and the OAuth base URL.`);
}

export interface DeviceStart {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresIn: number;
  wait(signal?: AbortSignal): Promise<Tokens>;
}

/** Starts the device flow; `wait` polls the token endpoint until the user approves (or it expires). */
/** `intervalOverrideMs` replaces the server's polling interval (tests only). */
export async function startDeviceFlow(baseUrl: string, clientId: string, scope = DEFAULT_SCOPES, intervalOverrideMs?: number): Promise<DeviceStart> {
  const info = authorizationServer(baseUrl);
  const client: oauth.Client = { client_id: clientId };
  let device: oauth.DeviceAuthorizationResponse;
  try {
    const res = await oauth.deviceAuthorizationRequest(info.as, client, oauth.None(), { scope }, options(info));
    device = await oauth.processDeviceAuthorizationResponse(info.as, client, res);
  } catch (e) {
    throw describe(e, 'Starting the sign-in');
  }
  return {
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    ...(device.verification_uri_complete ? { verificationUriComplete: device.verification_uri_complete } : {}),
    expiresIn: device.expires_in,
    async wait(signal?: AbortSignal) {
      let interval = intervalOverrideMs ?? (device.interval ?? 5) * 1000;
      const deadline = Date.now() + device.expires_in * 1000;
      for (;;) {
        await sleep(interval, signal);
        if (Date.now() > deadline) throw new AuthError('The sign-in code expired before it was approved. Run `segment-criteria login` again.', 'expired_token');
        try {
          const res = await oauth.deviceCodeGrantRequest(info.as, client, oauth.None(), device.device_code, options(info));
          return toTokens(await oauth.processDeviceCodeResponse(info.as, client, res));
        } catch (e) {
          if (e instanceof oauth.ResponseBodyError && e.error === 'authorization_pending') continue;
          if (e instanceof oauth.ResponseBodyError && e.error === 'slow_down') {
            interval += 5000;
            continue;
          }
          if (e instanceof oauth.ResponseBodyError && e.error === 'access_denied') throw new AuthError('The sign-in was denied.', 'access_denied');
          throw describe(e, 'Signing in');
        }
      }
    },
  };
}

/** Trades a refresh token for new tokens. With rotating refresh tokens the old one stops working. */
export async function refreshTokens(tokenEndpoint: string, clientId: string, refreshToken: string): Promise<Tokens> {
  const info = authorizationServer(tokenEndpoint.replace(/\/token$/, ''));
  const client: oauth.Client = { client_id: clientId };
  try {
    const res = await oauth.refreshTokenGrantRequest(info.as, client, oauth.None(), refreshToken, options(info));
    return toTokens(await oauth.processRefreshTokenResponse(info.as, client, res));
  } catch (e) {
    throw describe(e, 'Refreshing the access token');
  }
}
