// The extension's token vault (client/src/auth/tokenVault.ts): SecretStorage-shaped storage, serialized
// refreshes, and the invalid_grant re-read that lets several VS Code windows share a rotating refresh token.
// Also against the sandbox's real OAuth endpoint, whose refresh tokens work once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthError, type Tokens } from '../../api/src/auth/oauth.js';
import { SessionExpiredError, TokenVault, type Login, type SecretBackend } from '../../client/src/auth/tokenVault.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastSandbox } from '../api/sandboxFixture.js';

/** One store shared by "windows", like VS Code's SecretStorage. */
class MemorySecrets implements SecretBackend {
  readonly map = new Map<string, string>();
  async get(k: string) {
    return this.map.get(k);
  }
  async store(k: string, v: string) {
    this.map.set(k, v);
  }
  async delete(k: string) {
    this.map.delete(k);
  }
}

const HOST = 'api.example.test';
const login = (over: Partial<Login> = {}): Login => ({
  client_id: 'client',
  access_token: 'access-1',
  refresh_token: 'refresh-1',
  expires_at: Date.now() + 3_600_000,
  token_endpoint: 'https://auth.example.test/oauth2/default/v1/token',
  saved_at: Date.now(),
  ...over,
});

describe('token vault', () => {
  it('keeps sign-ins per host and forgets damaged ones', async () => {
    const secrets = new MemorySecrets();
    const vault = new TokenVault(secrets);
    await vault.put(HOST, login());
    assert.equal((await vault.get(HOST))?.access_token, 'access-1');
    assert.equal(await vault.get('other.host'), undefined);
    secrets.map.set(TokenVault.keyFor('broken'), '{not json');
    assert.equal(await vault.get('broken'), undefined);
    assert.equal(secrets.map.has(TokenVault.keyFor('broken')), false);
    assert.equal(TokenVault.hostOfKey(TokenVault.keyFor(HOST)), HOST);
    await vault.remove(HOST);
    await assert.rejects(vault.accessToken(HOST), (e) => e instanceof SessionExpiredError && e.reason === 'signed-out');
  });

  it('runs one refresh for concurrent callers', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const vault = new TokenVault(new MemorySecrets(), {
      refresh: async (): Promise<Tokens> => {
        calls++;
        await gate;
        return { access_token: `access-${calls + 1}`, refresh_token: `refresh-${calls + 1}`, expires_at: Date.now() + 3_600_000 };
      },
    });
    await vault.put(HOST, login());
    const all = Promise.all([vault.refresh(HOST, 'access-1'), vault.refresh(HOST, 'access-1'), vault.refresh(HOST, 'access-1')]);
    release();
    const results = await all;
    assert.equal(calls, 1);
    assert.deepEqual(results.map((l) => l.access_token), ['access-2', 'access-2', 'access-2']);
    assert.equal((await vault.get(HOST))?.refresh_token, 'refresh-2');
  });

  it('uses tokens another caller already refreshed instead of spending the refresh token', async () => {
    let calls = 0;
    const vault = new TokenVault(new MemorySecrets(), { refresh: async () => (calls++, { access_token: 'never' }) });
    await vault.put(HOST, login({ access_token: 'access-new' }));
    assert.equal((await vault.refresh(HOST, 'access-old')).access_token, 'access-new');
    assert.equal(calls, 0);
  });

  it('refreshes a token about to expire before using it', async () => {
    const vault = new TokenVault(new MemorySecrets(), { refresh: async () => ({ access_token: 'fresh', expires_at: Date.now() + 3_600_000 }) });
    await vault.put(HOST, login({ expires_at: Date.now() + 10_000 }));
    assert.equal(await vault.accessToken(HOST), 'fresh');
    assert.equal((await vault.get(HOST))?.refresh_token, 'refresh-1', 'a refresh without a new refresh token keeps the old one');
  });

  it('after invalid_grant, re-reads the stored tokens: another window may have refreshed', async () => {
    const secrets = new MemorySecrets();
    const otherWindow = new TokenVault(secrets);
    const vault = new TokenVault(secrets, {
      reReadDelaysMs: [0, 5],
      refresh: async () => {
        // The other window refreshed first and is saving its new tokens as this refresh is refused.
        await otherWindow.put(HOST, login({ access_token: 'access-other', refresh_token: 'refresh-other' }));
        throw new AuthError('Refreshing the access token failed: invalid_grant.', 'invalid_grant');
      },
    });
    await vault.put(HOST, login());
    assert.equal((await vault.refresh(HOST, 'access-1')).access_token, 'access-other');
  });

  it('gives up with SessionExpiredError when the refresh token is spent and nobody refreshed', async () => {
    const vault = new TokenVault(new MemorySecrets(), {
      reReadDelaysMs: [0, 1],
      refresh: async () => {
        throw new AuthError('invalid_grant', 'invalid_grant');
      },
    });
    await vault.put(HOST, login());
    await assert.rejects(vault.refresh(HOST, 'access-1'), (e) => e instanceof SessionExpiredError && e.reason === 'invalid-grant' && !e.message.includes('refresh-1'));
  });

  it('says a sign-in without a refresh token cannot be renewed', async () => {
    const vault = new TokenVault(new MemorySecrets());
    await vault.put(HOST, login({ refresh_token: undefined }));
    await assert.rejects(vault.refresh(HOST, 'access-1'), (e) => e instanceof SessionExpiredError && e.reason === 'no-refresh-token');
  });

  it('passes other refresh failures through and lists its tokens for redaction', async () => {
    const vault = new TokenVault(new MemorySecrets(), {
      refresh: async () => {
        throw new AuthError('Refreshing the access token failed: ECONNREFUSED.');
      },
    });
    await vault.put(HOST, login());
    await assert.rejects(vault.refresh(HOST, 'access-1'), (e) => e instanceof AuthError && /ECONNREFUSED/.test(e.message));
    assert.deepEqual(vault.secrets().sort(), ['access-1', 'refresh-1']);
  });
});

describe('token vault against the sandbox (rotating refresh tokens)', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await fastSandbox();
  });
  after(() => sb.close());

  function signedIn(): Login {
    const body = sb.oauth.issue('client', 'contact_data offline_access').body as { access_token: string; refresh_token: string; expires_in: number };
    return { client_id: 'client', access_token: body.access_token, refresh_token: body.refresh_token, expires_at: Date.now() + body.expires_in * 1000, token_endpoint: `${sb.oauthBaseUrl}/token`, saved_at: Date.now() };
  }

  it('two windows refreshing one rotating token at once both end up signed in', async () => {
    const secrets = new MemorySecrets();
    const host = new URL(sb.baseUrl).host;
    const first = signedIn();
    const windowA = new TokenVault(secrets, { reReadDelaysMs: [0, 50, 200, 500] });
    const windowB = new TokenVault(secrets, { reReadDelaysMs: [0, 50, 200, 500] });
    await windowA.put(host, first);
    sb.oauth.expireAccessTokens();
    const [a, b] = await Promise.all([windowA.refresh(host, first.access_token), windowB.refresh(host, first.access_token)]);
    assert.equal(a.access_token, b.access_token, 'both windows use the one successful refresh');
    assert.ok(sb.oauth.accepts(a.access_token));
    assert.notEqual(a.refresh_token, first.refresh_token);
  });
});
