/**
 * OAuth 2 for the CLI and the extension through oauth4webapi: the device flow (no redirect URI, no
 * secret), authorization code with PKCE (a redirect URI registered with the user's application), and
 * refresh. Plain HTTP is allowed for a loopback sandbox only.
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
    as: {
      issuer: base.replace(/\/v1$/, ''),
      device_authorization_endpoint: `${base}/device/authorize`,
      token_endpoint: `${base}/token`,
      authorization_endpoint: `${base}/authorize`,
    },
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

export interface AuthorizationCodeStart {
  /** The authorization page to open in a browser. */
  url: string;
  /** Sent as `state`; the redirect must carry it back unchanged. */
  state: string;
  redirectUri: string;
  /**
   * Checks the redirect's parameters (state, error) and trades the code for tokens, proving with the PKCE
   * verifier that this is the client that asked.
   */
  finish(callback: URLSearchParams | URL, signal?: AbortSignal): Promise<Tokens>;
}

/**
 * Starts an authorization code flow with PKCE (S256) for a public client (no secret), for applications
 * set up for it. Constant Contact's authorization endpoint is `.../v1/authorize`; the redirect URI must be
 * one registered with the application, character for character.
 */
export async function startAuthorizationCodeFlow(baseUrl: string, clientId: string, redirectUri: string, scope = DEFAULT_SCOPES): Promise<AuthorizationCodeStart> {
  const info = authorizationServer(baseUrl);
  const client: oauth.Client = { client_id: clientId };
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(info.as.authorization_endpoint!);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return {
    url: url.href,
    state,
    redirectUri,
    async finish(callback, signal) {
      let params: URLSearchParams;
      try {
        params = oauth.validateAuthResponse(info.as, client, callback, state);
      } catch (e) {
        if (e instanceof oauth.AuthorizationResponseError) {
          const denied = e.error === 'access_denied';
          throw new AuthError(denied ? 'The sign-in was denied.' : `The authorization failed: ${e.error}${e.error_description ? ` (${e.error_description})` : ''}.`, e.error);
        }
        throw new AuthError(`The authorization response was refused: ${e instanceof Error ? e.message : String(e)}`, 'invalid_response');
      }
      try {
        const res = await oauth.authorizationCodeGrantRequest(info.as, client, oauth.None(), params, redirectUri, verifier, { ...options(info), ...(signal ? { signal } : {}) });
        return toTokens(await oauth.processAuthorizationCodeResponse(info.as, client, res));
      } catch (e) {
        throw describe(e, 'Signing in');
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
