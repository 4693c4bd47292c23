/**
 * Signing in with the OAuth device flow (api/src/auth/oauth.ts, through oauth4webapi): no redirect URI and
 * no client secret, so it works in desktop VS Code and in remote ones (SSH, containers, code-server) alike.
 * The user opens the verification page and enters the code; the extension polls until they approve.
 * The local sandbox approves its codes by itself, so signing in to it needs no browser.
 *
 * With `segmentCriteria.oauth.flow` set to `authorizationCode`, for applications set up for it: the
 * authorization code flow with PKCE, redirected to this extension's URI handler (redirect.ts).
 */
import * as vscode from 'vscode';
import { CtctClient } from '../../../api/src/client';
import {
  AuthError,
  authorizationServer,
  DEFAULT_SCOPES,
  startAuthorizationCodeFlow,
  startDeviceFlow,
  type AuthorizationCodeStart,
  type DeviceStart,
  type Tokens,
} from '../../../api/src/auth/oauth';
import { missingScopeMessage, missingScopes, scopeList } from '../../../api/src/auth/scopes';
import { hostOf, type Connection, type SignedIn, type Target } from '../connection';
import { messageOf, type Log } from '../log';
import { oauthFlow, openUserSetting } from '../settings';
import { authRedirects } from './redirect';
import { requireTrust } from '../trust';
import type { Login } from './tokenVault';

let running: Promise<SignedIn | undefined> | undefined;

/**
 * Signs in to the current target; undefined when cancelled or impossible (the user was told why). A
 * second call while a sign-in runs joins it instead of starting another device flow.
 */
export function signIn(connection: Connection, log: Log): Promise<SignedIn | undefined> {
  running ??= signInOnce(connection, log).finally(() => (running = undefined));
  return running;
}

async function signInOnce(connection: Connection, log: Log): Promise<SignedIn | undefined> {
  if (!requireTrust('Signing in')) return undefined;
  const target = connection.target();
  if (!target.clientId) {
    const choice = await vscode.window.showWarningMessage(
      'To sign in to Constant Contact, set "Segment Criteria › OAuth: Client Id" in your user settings to the client id of your own Constant Contact application (set up for the device flow, or for authorization code with PKCE and "Segment Criteria › OAuth: Flow"). Or try everything with the local sandbox.',
      'Open Settings',
      'Use Local Sandbox',
    );
    if (choice === 'Open Settings') await openUserSetting('oauth.clientId');
    if (choice === 'Use Local Sandbox') await vscode.commands.executeCommand('segmentCriteria.useSandbox', { signIn: true });
    return undefined;
  }
  const host = hostOf(target.apiBaseUrl);
  let tokenEndpoint: string;
  try {
    tokenEndpoint = authorizationServer(target.oauthBaseUrl).as.token_endpoint!;
    // Refuses a plain-http API that is not on this machine before any token exists.
    new CtctClient({ baseUrl: target.apiBaseUrl, auth: { getToken: async () => '' } });
  } catch (e) {
    void vscode.window.showErrorMessage(`Cannot sign in: ${messageOf(e)} Check the Segment Criteria settings.`);
    return undefined;
  }
  const sandbox = target.kind === 'sandbox';
  const flow = oauthFlow();
  log.info(`Signing in to ${host} (OAuth at ${new URL(target.oauthBaseUrl).origin}) with the ${flow === 'device' ? 'device flow' : 'authorization code flow (PKCE)'}.`);

  const obtain = flow === 'device' ? await startDevice(target, log) : await startAuthorizationCode(target, log);
  if (!obtain) return undefined;

  let login: Login | undefined;
  try {
    login = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: obtain.waiting, cancellable: true },
      async (_progress, token): Promise<Login | undefined> => {
        const cancel = new AbortController();
        const sub = token.onCancellationRequested(() => cancel.abort());
        try {
          const t = await obtain.tokens(cancel.signal).catch((e: unknown) => {
            if (cancel.signal.aborted) return undefined;
            throw e;
          });
          if (!t) return undefined;
          const l: Login = {
            client_id: target.clientId,
            access_token: t.access_token,
            ...(t.refresh_token ? { refresh_token: t.refresh_token } : {}),
            ...(t.expires_at ? { expires_at: t.expires_at } : {}),
            ...(t.scope ? { scope: t.scope } : {}),
            token_endpoint: tokenEndpoint,
            saved_at: Date.now(),
          };
          // Said before any call that needs the scope (the account's name below needs account_read).
          for (const scope of missingScopes(DEFAULT_SCOPES, t.scope)) log.warn(missingScopeMessage(scope));
          // The account's name for the Accounts menu; the sign-in stands without it (no account_read scope).
          const probe = new CtctClient({ baseUrl: target.apiBaseUrl, auth: { getToken: async () => t.access_token, grantedScopes: async () => scopeList(t.scope) } });
          const summary = await probe.accountSummary({ signal: cancel.signal }).catch((e: unknown) => {
            log.warn(`Signed in, but the account's name could not be read: ${messageOf(e)}`);
            return undefined;
          });
          if (summary?.encoded_account_id) l.account_id = summary.encoded_account_id;
          if (summary?.organization_name) l.account_name = summary.organization_name;
          return l;
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (e) {
    log.error(`Sign-in failed: ${messageOf(e)}`);
    void showError(log, `Sign-in failed: ${messageOf(e)}`);
    return undefined;
  }
  if (!login) {
    log.info('Sign-in cancelled.');
    return undefined;
  }
  await connection.vault.put(host, login);
  await connection.reload();
  const who = login.account_name ?? login.account_id ?? host;
  log.info(`Signed in to ${host} as "${who}". Tokens are kept in VS Code's secret storage and used only with ${host}.`);
  const missing = missingScopes(DEFAULT_SCOPES, login.scope);
  if (!login.refresh_token && !missing.includes('offline_access')) log.warn('No refresh token was issued (the offline_access scope is missing): you will need to sign in again when the access token expires.');
  if (missing.length) void vscode.window.showWarningMessage(missing.map(missingScopeMessage).join(' '));
  void vscode.window.showInformationMessage(`Signed in to ${sandbox ? 'the local sandbox' : 'Constant Contact'} as "${who}".`);
  return connection.current;
}

/** A started sign-in: what the progress notification says while waiting, and the wait for the tokens. */
interface Obtaining {
  waiting: string;
  tokens(signal: AbortSignal): Promise<Tokens | undefined>;
}

/** The device flow: shows the code, opens the verification page (not for the sandbox, which approves by itself). */
async function startDevice(target: Target, log: Log): Promise<Obtaining | undefined> {
  const sandbox = target.kind === 'sandbox';
  let flow: DeviceStart;
  try {
    flow = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Segment Criteria: starting sign-in…' }, () =>
      startDeviceFlow(target.oauthBaseUrl, target.clientId, DEFAULT_SCOPES, sandbox ? 200 : 1000),
    );
  } catch (e) {
    log.error(messageOf(e));
    void showError(log, `Sign-in could not start: ${messageOf(e)}`);
    return undefined;
  }
  const page = flow.verificationUriComplete ?? flow.verificationUri;
  if (!sandbox) {
    const minutes = Math.max(1, Math.round(flow.expiresIn / 60));
    const go = await vscode.window.showInformationMessage(
      `Sign in to Constant Contact with the code ${flow.userCode}`,
      { modal: true, detail: `Open ${flow.verificationUri} in a browser, sign in to Constant Contact and enter the code ${flow.userCode}. It expires in ${minutes} minutes.` },
      'Copy Code and Open Browser',
    );
    if (!go) return undefined;
    await vscode.env.clipboard.writeText(flow.userCode);
    await vscode.env.openExternal(vscode.Uri.parse(page));
  }
  return {
    waiting: sandbox ? `Signing in to the sandbox (code ${flow.userCode}, approved automatically)…` : `Waiting for you to approve the code ${flow.userCode} at ${flow.verificationUri}…`,
    tokens: (signal) => flow.wait(signal),
  };
}

/** How long a browser sign-in may take before it is given up. */
const AUTHORIZATION_TIMEOUT_MS = 10 * 60_000;

/**
 * Authorization code + PKCE, for applications set up for it: opens the authorization page in the browser;
 * Constant Contact redirects to this extension's URI handler (see redirect.ts) with a code, which is
 * traded for tokens with the PKCE verifier.
 */
async function startAuthorizationCode(target: Target, log: Log): Promise<Obtaining | undefined> {
  let flow: AuthorizationCodeStart;
  try {
    const redirectUri = await authRedirects.redirectUri();
    flow = await startAuthorizationCodeFlow(target.oauthBaseUrl, target.clientId, redirectUri, DEFAULT_SCOPES);
  } catch (e) {
    log.error(messageOf(e));
    void showError(log, `Sign-in could not start: ${messageOf(e)}`);
    return undefined;
  }
  log.info(`Opening the authorization page in the browser; it redirects to ${flow.redirectUri} (the redirect URI your application must have registered).`);
  return {
    waiting: `Waiting for you to approve the sign-in in your browser (redirect URI ${flow.redirectUri})…`,
    async tokens(signal) {
      const limit = new AbortController();
      const timer = setTimeout(() => limit.abort(), AUTHORIZATION_TIMEOUT_MS);
      const stop = () => limit.abort();
      signal.addEventListener('abort', stop);
      try {
        const redirected = authRedirects.wait(flow.state, limit.signal);
        const opened = target.kind === 'sandbox' ? await sandboxApproval(flow.url) : await vscode.env.openExternal(vscode.Uri.parse(flow.url, true));
        if (!opened) {
          limit.abort();
          return undefined;
        }
        const uri = await redirected;
        if (!uri) {
          if (signal.aborted) return undefined;
          throw new AuthError(`No answer from the browser within ${AUTHORIZATION_TIMEOUT_MS / 60_000} minutes. Check that your application's redirect URI is ${flow.redirectUri}.`, 'timeout');
        }
        return await flow.finish(new URLSearchParams(uri.query), signal);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', stop);
      }
    },
  };
}

/**
 * The sandbox approves an authorization request at once, so, as with its device codes, no browser page is
 * needed for that: the extension asks /authorize itself and opens the redirect it answers with, which
 * reaches the URI handler through VS Code exactly as a browser's redirect would (in a browser-based VS
 * Code, through the workbench's /callback page). Opening the loopback /authorize page itself would not work
 * there: code-server rewrites loopback URLs to its port proxy and drops their path. When the sandbox asks
 * for approval by hand (or cannot be reached), its page opens in the browser instead.
 */
async function sandboxApproval(authorizeUrl: string): Promise<boolean> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' }).catch(() => undefined);
  const location = res?.status === 302 ? res.headers.get('location') : null;
  // A string keeps the redirect's query as it is (a Uri would encode it again).
  return openExternal(location ?? authorizeUrl);
}

/** vscode.env.openExternal with a URL string, which VS Code opens as written (its API types take a Uri). */
function openExternal(url: string): Thenable<boolean> {
  return (vscode.env.openExternal as unknown as (target: string) => Thenable<boolean>)(url);
}

async function showError(log: Log, message: string): Promise<void> {
  if ((await vscode.window.showErrorMessage(message, 'Show Log')) === 'Show Log') log.show();
}
