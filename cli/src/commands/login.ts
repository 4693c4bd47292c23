/**
 * `segment-criteria login [--client-id ID] [--api-base-url URL] [--oauth-base-url URL] [--scopes S]`:
 * signs in with the OAuth device flow and saves the tokens for that API host in the login file (readable
 * only by you). A sandbox on this machine needs no client id. `segment-criteria logout [--api-base-url URL | --all]` removes them.
 */
import { CtctClient } from '../../../api/src/client';
import { configDir } from '../../../api/src/auth/configDir';
import { AuthError, DEFAULT_SCOPES, startDeviceFlow } from '../../../api/src/auth/oauth';
import { missingScopeMessage, missingScopes } from '../../../api/src/auth/scopes';
import { TokenStore } from '../../../api/src/auth/tokenStore';
import { StoredTokens } from '../../../api/src/auth/tokenSources';
import { redact } from '../../../api/src/errors';
import { UsageError } from '../usage';
import { SANDBOX_CLIENT_ID } from '../../../api/src/auth/sandboxClient';
import { apiBaseUrl, hostOf, isSandboxUrl, loginCommand, oauthBaseUrl } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';

export async function login(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('login', argv, { ...CONNECTION_OPTIONS, scopes: { type: 'string' } });
  if (positionals.length) throw new UsageError('login takes no arguments besides its options.');
  const baseUrl = apiBaseUrl(values, io);
  const oauthBase = oauthBaseUrl(values, io);
  // A sandbox on this machine registers no applications and takes any client id: signing in to it needs none.
  const clientId = values['client-id'] ?? io.env.CTCT_CLIENT_ID ?? (isSandboxUrl(baseUrl) && isSandboxUrl(oauthBase) ? SANDBOX_CLIENT_ID : undefined);
  if (!clientId) {
    io.err('Give the client id of your Constant Contact application (set up for the device flow): --client-id ID or CTCT_CLIENT_ID. Each user registers their own application in the Constant Contact developer portal.\n');
    return 2;
  }
  const host = hostOf(baseUrl);
  // Checked before the device flow, so that approving a code is never wasted on a file that cannot be
  // written: a damaged file holds no sign-in that could be used, so it is set aside (kept, private) and
  // signing in goes on.
  const store = new TokenStore(configDir(io.env));
  const setAside = store.setAsideIfDamaged();
  if (setAside) io.err(`${setAsideMessage(store.path, setAside)} Signing in afresh.\n`);
  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  process.once('SIGINT', onSignal);
  let secrets: string[] = [];
  try {
    const asked = values.scopes ?? DEFAULT_SCOPES;
    const flow = await startDeviceFlow(oauthBase, clientId, asked, io.deviceMinIntervalMs);
    io.err(`To sign in, open ${flow.verificationUriComplete ?? flow.verificationUri}\nand enter the code ${flow.userCode} (it expires in ${Math.round(flow.expiresIn / 60)} minutes). Waiting...\n`);
    const tokens = await flow.wait(cancel.signal);
    secrets = [tokens.access_token, tokens.refresh_token ?? ''];
    store.put(host, {
      client_id: clientId,
      access_token: tokens.access_token,
      ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
      ...(tokens.expires_at ? { expires_at: tokens.expires_at } : {}),
      ...(tokens.scope ? { scope: tokens.scope } : {}),
      token_endpoint: `${oauthBase.replace(/\/+$/, '')}/token`,
      saved_at: Date.now(),
    });
    // Said before any call that needs the scope (the account's name below needs account_read).
    const missing = missingScopes(asked, tokens.scope);
    for (const scope of missing) io.err(`${missingScopeMessage(scope)}\n`);
    const client = new CtctClient({ baseUrl, auth: new StoredTokens(store, host, store.get(host)!, loginCommand(values, io)), ...io.clientOptions });
    const account = await client.accountSummary().catch(() => undefined);
    const who = account ? ` as "${account.organization_name ?? account.encoded_account_id}"` : '';
    io.err(`Signed in to ${host}${who}. Tokens saved in ${store.path} (readable only by you); they are used only with ${host}.\n`);
    if (!tokens.refresh_token && !missing.includes('offline_access')) io.err('No refresh token was issued (add the offline_access scope): you will need to sign in again when the token expires.\n');
    return 0;
  } catch (e) {
    if (cancel.signal.aborted) {
      io.err('Sign-in cancelled.\n');
      return 130;
    }
    // Whether the server said so or the wait ran out here: the command that starts over, as typed.
    if (e instanceof AuthError && e.code === 'expired_token') {
      io.err(`The sign-in code expired before it was approved. Run \`${loginCommand(values, io)}\` again and approve the new code within its time.\n`);
      return 1;
    }
    io.err(`${redact(e instanceof Error ? e.message : String(e), secrets)}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

export async function logout(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('logout', argv, { 'api-base-url': { type: 'string' }, all: { type: 'boolean' } });
  if (positionals.length) throw new UsageError('logout takes no arguments besides its options.');
  const store = new TokenStore(configDir(io.env));
  if (values.all) {
    io.err(store.remove() ? `Signed out everywhere; removed ${store.path}.\n` : 'Not signed in anywhere.\n');
    return 0;
  }
  const host = hostOf(apiBaseUrl(values, io));
  // A damaged file cannot be told apart by host: it is set aside whole, which signs out of every host.
  const setAside = store.setAsideIfDamaged();
  if (setAside) {
    io.err(`${setAsideMessage(store.path, setAside)} You are signed out everywhere; delete that copy once you no longer need what it held. Sign in again with \`${loginCommand(values, io)}\`.\n`);
    return 0;
  }
  if (store.remove(host)) {
    io.err(`Signed out of ${host}.\n`);
    return 0;
  }
  const others = store.hosts().filter((h) => h !== host);
  io.err(`Not signed in to ${host}${others.length ? ` (signed in to ${others.join(', ')}: name one with --api-base-url URL, or sign out of all with \`segment-criteria logout --all\`)` : ''}.\n`);
  return 0;
}

/** Says that a damaged login file was moved out of the way, and where to (never what it held). */
function setAsideMessage(path: string, setAside: { movedTo: string; problem: string }): string {
  return `The login file ${path} ${setAside.problem}: it was set aside as ${setAside.movedTo} (readable only by you).`;
}
