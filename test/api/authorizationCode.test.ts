// Authorization code with PKCE (api/src/auth/oauth.ts through oauth4webapi) against the sandbox's
// /authorize and /token: the browser's part (following the redirect) is a fetch that stops at the redirect.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuthError, refreshTokens, startAuthorizationCodeFlow } from '../../api/src/auth/oauth.js';
import { fastClient, fastSandbox } from './sandboxFixture.js';
import type { Sandbox } from '../../sandbox/src/server.js';

const REDIRECT = 'vscode://segment-criteria.segment-criteria/auth-callback';

/** What a browser does with the authorization page when the sandbox approves at once: the redirect's URL. */
async function approve(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  assert.equal(res.status, 302, await res.text());
  return new URL(res.headers.get('location')!);
}

/** The token endpoint called by hand, to send what a well-behaved client never would. */
async function tokenRequest(sb: Sandbox, fields: Record<string, string>): Promise<{ status: number; body: { error?: string; error_description?: string; access_token?: string } }> {
  const res = await fetch(`${sb.oauthBaseUrl}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

/** An authorization request made by hand with a known verifier. */
async function codeFor(sb: Sandbox, verifier: string, redirectUri = REDIRECT): Promise<string> {
  const url = new URL(`${sb.oauthBaseUrl}/authorize`);
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  for (const [k, v] of Object.entries({ client_id: 'my-app', response_type: 'code', redirect_uri: redirectUri, state: 's1', code_challenge: challenge, code_challenge_method: 'S256' })) url.searchParams.set(k, v);
  const back = await approve(url.href);
  assert.equal(back.searchParams.get('state'), 's1');
  return back.searchParams.get('code')!;
}

describe('authorization code with PKCE against the sandbox', () => {
  let sb: Sandbox;
  before(async () => (sb = await fastSandbox()));
  after(() => sb.close());

  it('redirects with a code and the state, and the code and verifier buy working tokens', async () => {
    const flow = await startAuthorizationCodeFlow(sb.oauthBaseUrl, 'my-app', REDIRECT);
    const asked = new URL(flow.url);
    assert.equal(asked.pathname, '/oauth2/default/v1/authorize');
    assert.equal(asked.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(asked.searchParams.get('redirect_uri'), REDIRECT);
    assert.match(asked.searchParams.get('scope')!, /contact_data .*offline_access/);
    assert.ok(!flow.url.includes('code_verifier'), 'the verifier never leaves the client before the token request');

    const back = await approve(flow.url);
    assert.equal(`${back.protocol}//${back.host}${back.pathname}`, REDIRECT);
    assert.equal(back.searchParams.get('state'), flow.state);
    const tokens = await flow.finish(back);
    assert.ok(tokens.access_token && tokens.refresh_token && tokens.expires_at! > Date.now());

    const api = fastClient(sb);
    const withToken = fastClient(sb, { auth: { getToken: async () => tokens.access_token } });
    assert.equal((await withToken.accountSummary()).encoded_account_id, (await api.accountSummary()).encoded_account_id);
    const refreshed = await refreshTokens(`${sb.oauthBaseUrl}/token`, 'my-app', tokens.refresh_token!);
    assert.notEqual(refreshed.access_token, tokens.access_token);
  });

  it('refuses a wrong code verifier, and the code is spent afterwards', async () => {
    const verifier = 'v'.repeat(50);
    const code = await codeFor(sb, verifier);
    const wrong = await tokenRequest(sb, { grant_type: 'authorization_code', client_id: 'my-app', code, redirect_uri: REDIRECT, code_verifier: 'w'.repeat(50) });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, 'invalid_grant');
    assert.match(wrong.body.error_description!, /PKCE/);
    const again = await tokenRequest(sb, { grant_type: 'authorization_code', client_id: 'my-app', code, redirect_uri: REDIRECT, code_verifier: verifier });
    assert.equal(again.body.error, 'invalid_grant', 'a code works once, even after a failed attempt');
  });

  it('refuses a missing verifier, another redirect URI, another client and a code used twice', async () => {
    const verifier = 'x'.repeat(64);
    const missing = await tokenRequest(sb, { grant_type: 'authorization_code', client_id: 'my-app', code: await codeFor(sb, verifier), redirect_uri: REDIRECT });
    assert.equal(missing.body.error, 'invalid_request');
    const elsewhere = await tokenRequest(sb, { grant_type: 'authorization_code', client_id: 'my-app', code: await codeFor(sb, verifier), redirect_uri: 'http://127.0.0.1:1/cb', code_verifier: verifier });
    assert.equal(elsewhere.body.error, 'invalid_grant');
    const otherClient = await tokenRequest(sb, { grant_type: 'authorization_code', client_id: 'not-my-app', code: await codeFor(sb, verifier), redirect_uri: REDIRECT, code_verifier: verifier });
    assert.equal(otherClient.body.error, 'invalid_grant');
    const code = await codeFor(sb, verifier);
    const first = await tokenRequest(sb, { grant_type: 'authorization_code', client_id: 'my-app', code, redirect_uri: REDIRECT, code_verifier: verifier });
    assert.equal(first.status, 200);
    assert.ok(first.body.access_token);
    const second = await tokenRequest(sb, { grant_type: 'authorization_code', client_id: 'my-app', code, redirect_uri: REDIRECT, code_verifier: verifier });
    assert.equal(second.body.error, 'invalid_grant');
  });

  it('a code lives 5 minutes, as Constant Contact\'s do', async (t) => {
    const verifier = 'y'.repeat(50);
    const exchange = (code: string) => tokenRequest(sb, { grant_type: 'authorization_code', client_id: 'my-app', code, redirect_uri: REDIRECT, code_verifier: verifier });
    const [inTime, late] = [await codeFor(sb, verifier), await codeFor(sb, verifier)];
    const now = Date.now;
    const start = now();
    let offset = 0;
    t.mock.method(Date, 'now', () => start + offset + (now() - start));
    offset = 4 * 60_000 + 50_000;
    assert.equal((await exchange(inTime)).status, 200);
    offset = 5 * 60_000 + 10_000;
    const expired = await exchange(late);
    assert.equal(expired.body.error, 'invalid_grant');
    assert.match(expired.body.error_description!, /expired/);
  });

  it('the client refuses a redirect with another state, and reports an error the server sent back', async () => {
    const flow = await startAuthorizationCodeFlow(sb.oauthBaseUrl, 'my-app', REDIRECT);
    const back = await approve(flow.url);
    back.searchParams.set('state', 'forged');
    await assert.rejects(flow.finish(back), (e: unknown) => e instanceof AuthError && e.code === 'invalid_response');

    const denied = await startAuthorizationCodeFlow(sb.oauthBaseUrl, 'my-app', REDIRECT);
    await assert.rejects(denied.finish(new URLSearchParams({ error: 'access_denied', state: denied.state })), (e: unknown) => e instanceof AuthError && e.code === 'access_denied' && /denied/.test(e.message));
  });

  it('requires PKCE: an authorization request without a challenge comes back as invalid_request', async () => {
    const url = new URL(`${sb.oauthBaseUrl}/authorize`);
    for (const [k, v] of Object.entries({ client_id: 'my-app', response_type: 'code', redirect_uri: REDIRECT, state: 's2' })) url.searchParams.set(k, v);
    const back = await approve(url.href);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.equal(back.searchParams.get('state'), 's2');
    assert.equal(back.searchParams.get('code'), null);
    const noRedirect = await fetch(`${sb.oauthBaseUrl}/authorize?client_id=my-app&response_type=code`, { redirect: 'manual' });
    assert.equal(noRedirect.status, 400, 'without a redirect URI there is nowhere to send an error: the page says it');
  });

  it('without auto-approval, shows a page whose Approve button redirects with a code', async () => {
    const manual = await fastSandbox({ oauth: { autoApprove: false } });
    try {
      const flow = await startAuthorizationCodeFlow(manual.oauthBaseUrl, 'my-app', REDIRECT);
      const page = await fetch(flow.url, { redirect: 'manual' });
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<button name="approve" value="yes">Approve<\/button>/);
      // The form posts the request's parameters back with approve=yes.
      const fields = new URLSearchParams(new URL(flow.url).search);
      fields.set('approve', 'yes');
      const res = await fetch(flow.url.split('?')[0]!, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
      assert.equal(res.status, 302);
      const tokens = await flow.finish(new URL(res.headers.get('location')!));
      assert.ok(tokens.access_token);
    } finally {
      await manual.close();
    }
  });
});
