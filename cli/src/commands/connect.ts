/**
 * Builds an API client for a command from flags and the environment, in this order of precedence:
 * CTCT_ACCESS_TOKEN; CTCT_CLIENT_ID + CTCT_REFRESH_TOKEN (CI, refreshed at start); the login file's tokens
 * for this API host. A token is bound to the host it was issued for: pointing the base URL elsewhere
 * never sends a saved token there.
 */
import { CtctClient, DEFAULT_API_BASE_URL, isLoopback, type TokenSource } from '../../../api/src/client';
import { ApiError, redact } from '../../../api/src/errors';
import { CC_OAUTH_BASE_URL, authorizationServer } from '../../../api/src/auth/oauth';
import { configDir } from '../../../api/src/auth/configDir';
import { TokenStore } from '../../../api/src/auth/tokenStore';
import { StoredTokens, environmentRefresh, staticToken } from '../../../api/src/auth/tokenSources';
import type { AccountSummary } from '../../../api/src/types';
import type { CliIo } from './io';

export interface ConnectionFlags {
  'api-base-url'?: string | undefined;
  'oauth-base-url'?: string | undefined;
  'client-id'?: string | undefined;
}

export interface Connection {
  client: CtctClient;
  apiHost: string;
  /** Where the token came from, for messages: never the token. */
  tokenFrom: string;
  account(): Promise<AccountSummary>;
  /** The message of any error, with every known secret removed. */
  explain(e: unknown): string;
}

export const SIGN_IN_HINT = 'Run `segment-criteria login` (or set CTCT_ACCESS_TOKEN) and try again.';

export function apiBaseUrl(flags: ConnectionFlags, io: CliIo): string {
  return flags['api-base-url'] ?? io.env.CTCT_API_BASE_URL ?? DEFAULT_API_BASE_URL;
}

/** The OAuth endpoints' base; a loopback sandbox serves its own beside its API, so that is the default there. */
export function oauthBaseUrl(flags: ConnectionFlags, io: CliIo): string {
  const given = flags['oauth-base-url'] ?? io.env.CTCT_OAUTH_BASE_URL;
  if (given) return given;
  try {
    const api = new URL(apiBaseUrl(flags, io));
    if (isLoopback(api.hostname)) return `${api.origin}/oauth2/default/v1`;
  } catch {
    /* a bad API URL is reported where it is used */
  }
  return CC_OAUTH_BASE_URL;
}

/** The host a base URL names; a clear error for a bad one. */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    throw new ApiError('unexpected', `The API base URL "${baseUrl}" is not a URL. Give one like ${DEFAULT_API_BASE_URL} (--api-base-url or CTCT_API_BASE_URL).`);
  }
}

/** Connects, or prints why it cannot (no token, a bad base URL) and returns undefined. */
export function connectOrExplain(flags: ConnectionFlags, io: CliIo): Connection | undefined {
  try {
    return connect(flags, io);
  } catch (e) {
    io.err(`${(e as Error).message}\n`);
    return undefined;
  }
}

export function connect(flags: ConnectionFlags, io: CliIo): Connection {
  const baseUrl = apiBaseUrl(flags, io);
  const apiHost = hostOf(baseUrl);
  let auth: TokenSource;
  let tokenFrom: string;
  let secrets: () => string[];
  const env = io.env;
  if (env.CTCT_ACCESS_TOKEN) {
    auth = staticToken(env.CTCT_ACCESS_TOKEN);
    tokenFrom = 'CTCT_ACCESS_TOKEN';
    secrets = () => [env.CTCT_ACCESS_TOKEN!];
  } else if (env.CTCT_REFRESH_TOKEN) {
    const clientId = flags['client-id'] ?? env.CTCT_CLIENT_ID;
    if (!clientId) throw new ApiError('unauthorized', 'CTCT_REFRESH_TOKEN is set but CTCT_CLIENT_ID is not: set both (the client id of the application the token was issued to).');
    const source = environmentRefresh(authorizationServer(oauthBaseUrl(flags, io)).as.token_endpoint!, clientId, env.CTCT_REFRESH_TOKEN);
    auth = source;
    tokenFrom = 'CTCT_REFRESH_TOKEN';
    secrets = source.secrets;
  } else {
    const store = new TokenStore(configDir(env));
    const login = store.get(apiHost);
    if (!login) {
      const others = store.hosts();
      const also = others.length ? ` (you are signed in to ${others.join(', ')}, and a saved token is only sent to the host it was issued for)` : '';
      throw new ApiError('unauthorized', `Not signed in to ${apiHost}${also}. Run \`segment-criteria login --api-base-url ${baseUrl}\`, or set CTCT_ACCESS_TOKEN.`);
    }
    store.ensurePrivate();
    const source = new StoredTokens(store, apiHost, login);
    auth = source;
    tokenFrom = `the login file for ${apiHost}`;
    secrets = () => source.secrets();
  }
  const client = new CtctClient({ baseUrl, auth, hints: { signIn: SIGN_IN_HINT }, ...io.clientOptions });
  let summary: Promise<AccountSummary> | undefined;
  return {
    client,
    apiHost,
    tokenFrom,
    account: () => (summary ??= client.accountSummary()),
    explain: (e) => redact(e instanceof Error ? e.message : String(e), secrets()),
  };
}
