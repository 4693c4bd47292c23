/** The sandbox's refresh tokens: rotating by default (each works once), long-lived when so set up (CI's). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../sandbox/src/server.js';

async function refresh(sb: Sandbox, token: string): Promise<{ status: number; body: { error?: string; access_token?: string; refresh_token?: string } }> {
  const res = await fetch(`${sb.oauthBaseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'ci-app', refresh_token: token }),
  });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

describe('sandbox refresh tokens', () => {
  it('rotate by default: a refresh token works once', async () => {
    const sb = await startSandbox({ rateLimit: false });
    try {
      const { refresh_token } = sb.oauth.issue('ci-app', 'contact_data offline_access').body as { refresh_token: string };
      const first = await refresh(sb, refresh_token);
      assert.equal(first.status, 200);
      assert.notEqual(first.body.refresh_token, refresh_token);
      assert.equal((await refresh(sb, refresh_token)).body.error, 'invalid_grant');
    } finally {
      await sb.close();
    }
  });

  it('long-lived: the same refresh token comes back and keeps working, each time a new access token', async () => {
    const sb = await startSandbox({ rateLimit: false, oauth: { refreshTokens: 'long-lived' } });
    try {
      const { refresh_token } = sb.oauth.issue('ci-app', 'contact_data offline_access').body as { refresh_token: string };
      const first = await refresh(sb, refresh_token);
      const second = await refresh(sb, refresh_token);
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.equal(first.body.refresh_token, refresh_token);
      assert.equal(second.body.refresh_token, refresh_token);
      assert.notEqual(first.body.access_token, second.body.access_token);
      // Still bound to the client it was issued to.
      const other = await fetch(`${sb.oauthBaseUrl}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'another-app', refresh_token }) });
      assert.equal(((await other.json()) as { error: string }).error, 'invalid_grant');
    } finally {
      await sb.close();
    }
  });
});
