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
import { DamagedLoginFile, TokenStore, damagedLoginFileMessage } from '../../../api/src/auth/tokenStore';
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

export function apiBaseUrl(flags: ConnectionFlags, io: CliIo): string {
  return flags['api-base-url'] ?? io.env.CTCT_API_BASE_URL ?? DEFAULT_API_BASE_URL;
}

/** A sandbox on this machine: it serves its OAuth beside its API and takes any client id. */
export function isSandboxUrl(url: string): boolean {
  try {
    return isLoopback(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * The login command line for where a command talks to, meant to work when run as printed: it names the API
 * base URL unless it is the default, and a client id when login would find none (a sandbox needs none; an
 * account needs the user's own application's, which only they know).
 */
export function loginCommand(flags: ConnectionFlags, io: CliIo): string {
  const baseUrl = apiBaseUrl(flags, io);
  const words = ['segment-criteria', 'login'];
  if (flags['client-id']) words.push('--client-id', shellWord(flags['client-id']));
  else if (!io.env.CTCT_CLIENT_ID && !isSandboxUrl(baseUrl)) words.push('--client-id', "<your application's client id>");
  if (baseUrl !== DEFAULT_API_BASE_URL) words.push('--api-base-url', shellWord(baseUrl));
  if (flags['oauth-base-url']) words.push('--oauth-base-url', shellWord(flags['oauth-base-url']));
  return words.join(' ');
}

/** What to do after a 401. A token from the environment wins over the login file, so it must go first. */
export function signInHint(tokenFrom: string, login: string): string {
  if (tokenFrom === 'CTCT_ACCESS_TOKEN') return `Set CTCT_ACCESS_TOKEN to a valid token, or unset it and run \`${login}\`; then try again.`;
  if (tokenFrom === 'CTCT_REFRESH_TOKEN') return `Set CTCT_REFRESH_TOKEN to a valid refresh token, or unset it and run \`${login}\`; then try again.`;
  return `Run \`${login}\` (or set CTCT_ACCESS_TOKEN) and try again.`;
}

/**
 * What to do when nothing answers at the API base URL: on this machine, that is most likely the sandbox not
 * running (the command to start it on that port); elsewhere, the network or the URL.
 */
export function unreachableHint(baseUrl: string): string {
  if (isSandboxUrl(baseUrl)) {
    const url = new URL(baseUrl);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `Is the sandbox running? Start it with \`segment-criteria sandbox --port ${port}\`, or give the URL of the one that runs (--api-base-url or CTCT_API_BASE_URL).`;
  }
  return `Check the network and the API base URL ${baseUrl} (--api-base-url or CTCT_API_BASE_URL), then try again.`;
}

/** A value as one shell word: as it is when safe, else single-quoted. */
function shellWord(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** The OAuth endpoints' base; a loopback sandbox serves its own beside its API, so that is the default there. */
export function oauthBaseUrl(flags: ConnectionFlags, io: CliIo): string {
  const given = flags['oauth-base-url'] ?? io.env.CTCT_OAUTH_BASE_URL;
  if (given) return given;
  const api = apiBaseUrl(flags, io);
  return isSandboxUrl(api) ? `${new URL(api).origin}/oauth2/default/v1` : CC_OAUTH_BASE_URL;
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
  let relogin = loginCommand(flags, io);
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
    let login;
    let others: string[];
    try {
      login = store.get(apiHost);
      others = store.hosts().filter((h) => h !== apiHost);
    } catch (e) {
      if (e instanceof DamagedLoginFile) throw new ApiError('unauthorized', `${damagedLoginFileMessage(e.path, e.problem, relogin)} Or set CTCT_ACCESS_TOKEN.`);
      throw e;
    }
    if (!login) {
      const also = others.length ? ` (you are signed in to ${others.join(', ')}, and a saved token is only sent to the host it was issued for)` : '';
      throw new ApiError('unauthorized', `Not signed in to ${apiHost}${also}. Run \`${relogin}\`, or set CTCT_ACCESS_TOKEN.`);
    }
    store.ensurePrivate();
    // Signing in again to an account takes the same application: its client id is in the saved sign-in.
    if (!flags['client-id'] && !env.CTCT_CLIENT_ID && !isSandboxUrl(baseUrl)) relogin = loginCommand({ ...flags, 'client-id': login.client_id }, io);
    const source = new StoredTokens(store, apiHost, login, relogin);
    auth = source;
    tokenFrom = `the login file for ${apiHost}`;
    secrets = () => source.secrets();
  }
  const client = new CtctClient({ baseUrl, auth, hints: { signIn: signInHint(tokenFrom, relogin), unreachable: unreachableHint(baseUrl) }, ...io.clientOptions });
  let summary: Promise<AccountSummary> | undefined;
  return {
    client,
    apiHost,
    tokenFrom,
    account: () => (summary ??= client.accountSummary()),
    explain: (e) => redact(e instanceof Error ? e.message : String(e), secrets()),
  };
}

/**
 * A command line of this CLI for where a command talks to, meant to work when run as printed: `words`, then
 * the API base URL unless it is the default, and the client id and OAuth base URL when they were given.
 */
export function commandLine(flags: ConnectionFlags, io: CliIo, words: string[]): string {
  const baseUrl = apiBaseUrl(flags, io);
  const out = ['segment-criteria', ...words.map(shellWord)];
  if (flags['client-id']) out.push('--client-id', shellWord(flags['client-id']));
  if (baseUrl !== DEFAULT_API_BASE_URL) out.push('--api-base-url', shellWord(baseUrl));
  if (flags['oauth-base-url']) out.push('--oauth-base-url', shellWord(flags['oauth-base-url']));
  return out.join(' ');
}
