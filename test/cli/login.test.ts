import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CtctClient } from '../../api/src/client.js';
import { configDir } from '../../api/src/auth/configDir.js';
import { missingScopes } from '../../api/src/auth/scopes.js';
import { TokenStore } from '../../api/src/auth/tokenStore.js';
import { StoredTokens } from '../../api/src/auth/tokenSources.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { login, logout } from '../../cli/src/commands/login.js';
import { pull } from '../../cli/src/commands/pull.js';
import { startSandbox, type Sandbox } from '../../sandbox/src/server.js';
import { memoryIo, tempDir } from './cliFixture.js';

describe('login, logout and saved tokens', () => {
  let sb: Sandbox;
  let config: string;
  let env: NodeJS.ProcessEnv;
  const host = () => new URL(sb.baseUrl).host;
  before(async () => {
    sb = await startSandbox({ rateLimit: false, processingMs: 0, oauth: { deviceIntervalSec: 1 } });
    config = tempDir('config-');
    env = { CTCT_API_BASE_URL: sb.baseUrl, SEGMENT_CRITERIA_CONFIG_DIR: join(config, 'segment-criteria'), CTCT_CLIENT_ID: 'my-app' };
  });
  after(() => sb.close());

  it('signs in with the device flow and keeps the tokens private', async () => {
    const io = memoryIo({ env });
    assert.equal(await login([], io), 0, io.stderr);
    assert.match(io.stderr, /open http:\/\/127\.0\.0\.1:\d+\/oauth2\/device\?user_code=\w{4}-\w{4}/);
    assert.match(io.stderr, /Signed in to 127\.0\.0\.1:\d+ as "Sandbox Outfitters/);
    const store = new TokenStore(env.SEGMENT_CRITERIA_CONFIG_DIR!);
    const saved = store.get(host())!;
    assert.ok(saved.access_token && saved.refresh_token);
    assert.ok(!io.stderr.includes(saved.access_token) && !io.stderr.includes(saved.refresh_token!));
    assert.equal(statSync(store.path).mode & 0o777, 0o600);
    assert.equal(statSync(store.dir).mode & 0o777, 0o700);
  });

  it('uses the saved tokens for their host only', async () => {
    const dir = tempDir('pull-');
    const ok = memoryIo({ env, cwd: dir });
    assert.equal(await pull(['--all'], ok), 0, ok.stderr);
    const elsewhere = memoryIo({ env: { ...env, CTCT_API_BASE_URL: 'http://127.0.0.2:9/v3' }, cwd: dir });
    assert.equal(await pull(['--all'], elsewhere), 1);
    assert.match(elsewhere.stderr, /Not signed in to 127\.0\.0\.2:9 \(you are signed in to 127\.0\.0\.1:\d+, and a saved token is only sent to the host it was issued for\)/);
  });

  it('refreshes an expired token and saves the rotated refresh token', async () => {
    const store = new TokenStore(env.SEGMENT_CRITERIA_CONFIG_DIR!);
    const before = store.get(host())!;
    sb.oauth.expireAccessTokens();
    const dir = tempDir('deploy-');
    writeFileSync(join(dir, 'a.segment.json'), JSON.stringify({ name: 'After refresh', segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'city', op: 'eq', value: 'Boston' }] } } }));
    const io = memoryIo({ env, cwd: dir });
    assert.equal(await deploy(['a.segment.json'], io), 0, io.stderr);
    const after = store.get(host())!;
    assert.notEqual(after.access_token, before.access_token);
    assert.notEqual(after.refresh_token, before.refresh_token);
  });

  it('two processes sharing a rotating refresh token both keep working', async () => {
    const store = new TokenStore(env.SEGMENT_CRITERIA_CONFIG_DIR!);
    const login0 = store.get(host())!;
    sb.oauth.expireAccessTokens();
    const a = new StoredTokens(store, host(), login0);
    const b = new StoredTokens(store, host(), login0);
    const client = (auth: StoredTokens) => new CtctClient({ baseUrl: sb.baseUrl, auth, limiter: false });
    const [x, y] = await Promise.all([client(a).accountSummary(), client(b).accountSummary()]);
    assert.equal(x.encoded_account_id, y.encoded_account_id);
  });

  it('logs out', async () => {
    const io = memoryIo({ env });
    assert.equal(await logout([], io), 0);
    assert.match(io.stderr, /Signed out of 127\.0\.0\.1:\d+/);
    const again = memoryIo({ env, cwd: tempDir() });
    assert.equal(await pull(['--all'], again), 1);
    assert.match(again.stderr, /Not signed in to .*segment-criteria login/);
  });

  it('CI: a client id and refresh token from the environment, never shown', async () => {
    const issued = sb.oauth.issue('ci-app', 'contact_data').body as { refresh_token: string };
    const ci = { CTCT_API_BASE_URL: sb.baseUrl, CTCT_CLIENT_ID: 'ci-app', CTCT_REFRESH_TOKEN: issued.refresh_token, SEGMENT_CRITERIA_CONFIG_DIR: tempDir() };
    const io = memoryIo({ env: ci, cwd: tempDir() });
    assert.equal(await pull(['--all'], io), 0, io.stderr);
    // That refresh token rotated away: using it again is refused with what to do.
    const stale = memoryIo({ env: ci, cwd: tempDir() });
    assert.equal(await pull(['--all'], stale), 1);
    assert.match(stale.stderr, /CTCT_REFRESH_TOKEN was not accepted \(invalid_grant\).*long-lived refresh token/);
    assert.ok(!stale.stderr.includes(issued.refresh_token));
  });

  it('asks for a client id', async () => {
    // An account's API (a sandbox on this machine needs none).
    const io = memoryIo({ env: { ...env, CTCT_CLIENT_ID: undefined, CTCT_API_BASE_URL: 'https://api.cc.email/v3' } });
    assert.equal(await login([], io), 2);
    assert.match(io.stderr, /--client-id ID or CTCT_CLIENT_ID/);
  });
});

describe('where the login file lives', { skip: process.platform === 'win32' || process.platform === 'darwin' }, () => {
  it('follows an absolute XDG_CONFIG_HOME and ignores a relative one, as the XDG spec says', () => {
    assert.equal(configDir({ XDG_CONFIG_HOME: '/srv/config' }), '/srv/config/segment-criteria');
    assert.equal(configDir({ XDG_CONFIG_HOME: 'relative/config' }), join(homedir(), '.config', 'segment-criteria'));
    assert.equal(configDir({ XDG_CONFIG_HOME: '' }), join(homedir(), '.config', 'segment-criteria'));
  });
});

describe('login when the token response leaves scopes out', () => {
  const signIn = async (withheldScopes: string[]) => {
    const sb = await startSandbox({ rateLimit: false, processingMs: 0, oauth: { deviceIntervalSec: 1, withheldScopes } });
    const io = memoryIo({ env: { CTCT_API_BASE_URL: sb.baseUrl, SEGMENT_CRITERIA_CONFIG_DIR: join(tempDir('config-'), 'segment-criteria'), CTCT_CLIENT_ID: 'my-app' } });
    try {
      assert.equal(await login([], io), 0, io.stderr);
      return { stderr: io.stderr, requests: sb.requests };
    } finally {
      await sb.close();
    }
  };

  it('names each missing scope and what it blocks, before any call that needs it', async () => {
    const { stderr, requests } = await signIn(['campaign_data', 'account_read']);
    assert.match(stderr, /The sign-in was not granted the campaign_data scope: campaign activity ids cannot be checked against the account, segments cannot be attached to campaigns, and delete cannot check for scheduled campaigns\. To get it, sign in again and allow campaign_data/);
    assert.match(stderr, /not granted the account_read scope: the account's name and id cannot be read, and deploy, pull, preview, rename and delete need the id/);
    assert.doesNotMatch(stderr, /contact_data scope|offline_access scope|No refresh token/);
    assert.equal(requests, 0, "the account's name needs account_read: it was not asked for");
    assert.match(stderr, /Signed in to 127\.0\.0\.1:\d+\. Tokens saved/);
  });

  it('says once that without offline_access there is no refresh token', async () => {
    const { stderr } = await signIn(['offline_access']);
    assert.match(stderr, /not granted the offline_access scope: no refresh token is issued, so you must sign in again/);
    assert.doesNotMatch(stderr, /No refresh token was issued/);
  });

  it('reads a token response without scope as granted as asked', () => {
    assert.deepEqual(missingScopes('contact_data campaign_data offline_access', undefined), []);
    assert.deepEqual(missingScopes('contact_data campaign_data account_read offline_access', 'offline_access contact_data'), ['campaign_data', 'account_read']);
  });
});

describe('a damaged login file never traps the user', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ rateLimit: false, processingMs: 0, oauth: { deviceIntervalSec: 1 } });
  });
  after(() => sb.close());

  // Not JSON (cut off in the middle of a token), and JSON of the wrong shape.
  const DAMAGED = ['garbage', '{"version":1,"logins":{"127.0.0.1:1":{"access_token":"secret-access-123', '{"hosts":["a"]}', '{"version":1,"logins":[]}'];
  const setUp = (content: string) => {
    const dir = join(tempDir('config-'), 'segment-criteria');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'credentials.json'), content, { mode: 0o644 });
    return { dir, env: { CTCT_API_BASE_URL: sb.baseUrl, SEGMENT_CRITERIA_CONFIG_DIR: dir } };
  };
  /** The one copy set aside, which keeps the file's content and is readable only by the user. */
  const setAside = (dir: string, content: string) => {
    const names = readdirSync(dir).filter((n) => n.startsWith('credentials.json.damaged-'));
    assert.equal(names.length, 1, readdirSync(dir).join(', '));
    const p = join(dir, names[0]!);
    assert.equal(readFileSync(p, 'utf8'), content);
    assert.equal(statSync(p).mode & 0o777, 0o600);
    return p;
  };

  it('other commands say so and name a login command that works for this host', async () => {
    for (const content of DAMAGED) {
      const { env } = setUp(content);
      const io = memoryIo({ env, cwd: tempDir() });
      assert.equal(await pull(['--all'], io), 1);
      assert.match(io.stderr, /The login file .*credentials\.json is damaged \((not valid JSON|not in the form segment-criteria writes it)\)/, content);
      assert.ok(io.stderr.includes(`Run \`segment-criteria login --api-base-url ${sb.baseUrl}\`: it sets the damaged file aside`), io.stderr);
      assert.doesNotMatch(io.stderr, /secret-access-123/);
    }
  });

  it('logout sets it aside, private, and says where; then the commands say "not signed in"', async () => {
    for (const content of DAMAGED) {
      for (const args of [[], ['--api-base-url', 'http://127.0.0.1:9/v3']]) {
        const { dir, env } = setUp(content);
        const io = memoryIo({ env });
        assert.equal(await logout(args, io), 0, io.stderr);
        const copy = setAside(dir, content);
        assert.ok(!existsSync(join(dir, 'credentials.json')));
        assert.ok(io.stderr.includes(`set aside as ${copy} (readable only by you)`), io.stderr);
        assert.match(io.stderr, /signed out everywhere.*Sign in again with `segment-criteria login/);
        assert.doesNotMatch(io.stderr, /secret-access-123/);
        const after = memoryIo({ env, cwd: tempDir() });
        assert.equal(await pull(['--all'], after), 1);
        assert.match(after.stderr, /^Not signed in to 127\.0\.0\.1:\d+\. Run `segment-criteria login --api-base-url/);
      }
    }
  });

  it('logout --all removes it', async () => {
    const { dir, env } = setUp('garbage');
    const io = memoryIo({ env });
    assert.equal(await logout(['--all'], io), 0, io.stderr);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('login sets it aside before the device flow starts, then signs in', async () => {
    const content = DAMAGED[1]!;
    const { dir, env } = setUp(content);
    const io = memoryIo({ env });
    assert.equal(await login([], io), 0, io.stderr);
    const copy = setAside(dir, content);
    const said = io.stderr.indexOf(`set aside as ${copy} (readable only by you). Signing in afresh.`);
    assert.ok(said >= 0 && said < io.stderr.indexOf('To sign in, open'), io.stderr);
    assert.ok(new TokenStore(dir).get(new URL(sb.baseUrl).host));
    const again = memoryIo({ env, cwd: tempDir() });
    assert.equal(await pull(['--all'], again), 0, again.stderr);
  });
});

describe('an entry that is not a sign-in is no sign-in', () => {
  it('null or a token-less entry: "not signed in", never also "signed in" to the same host', async () => {
    const host = '127.0.0.1:47311';
    const entries = [null, 'x', { access_token: 5 }, { client_id: 'a', access_token: 't' }];
    for (const entry of entries) {
      for (const file of [{ logins: { [host]: entry } }, { version: 1, logins: { [host]: entry } }]) {
        const dir = tempDir('config-');
        writeFileSync(join(dir, 'credentials.json'), JSON.stringify(file));
        const env = { CTCT_API_BASE_URL: `http://${host}/v3`, SEGMENT_CRITERIA_CONFIG_DIR: dir };
        const io = memoryIo({ env, cwd: tempDir() });
        assert.equal(await pull(['--all'], io), 1);
        assert.equal(io.stderr, `Not signed in to ${host}. Run \`segment-criteria login --api-base-url http://${host}/v3\`, or set CTCT_ACCESS_TOKEN.\n`, JSON.stringify(file));
        const out = memoryIo({ env });
        assert.equal(await logout([], out), 0);
        assert.equal(out.stderr, `Not signed in to ${host}.\n`);
        assert.ok(!existsSync(join(dir, 'credentials.json')), 'the unusable entry was dropped');
      }
    }
  });
});

describe('a saved sign-in that can no longer be refreshed', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ rateLimit: false, processingMs: 0, oauth: { deviceIntervalSec: 1 } });
  });
  after(() => sb.close());

  /** Signs in, then spoils the refresh token and lets the access token expire. */
  const spoiled = async (env: NodeJS.ProcessEnv, args: string[]) => {
    const io = memoryIo({ env });
    assert.equal(await login(args, io), 0, io.stderr);
    const store = new TokenStore(env.SEGMENT_CRITERIA_CONFIG_DIR!);
    const host = new URL(sb.baseUrl).host;
    store.put(host, { ...store.get(host)!, refresh_token: 'refused-refresh-token', expires_at: Date.now() - 1 });
  };

  it('names the login command for that host, with its --api-base-url (flag or environment)', async () => {
    for (const viaFlag of [true, false]) {
      const env = { SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-'), ...(viaFlag ? {} : { CTCT_API_BASE_URL: sb.baseUrl }) };
      const args = viaFlag ? ['--api-base-url', sb.baseUrl] : [];
      await spoiled(env, args);
      const io = memoryIo({ env, cwd: tempDir() });
      assert.equal(await pull(['--all', ...args], io), 1);
      assert.ok(io.stderr.includes(`can no longer be refreshed (invalid_grant`), io.stderr);
      assert.ok(io.stderr.includes(`Run \`segment-criteria login --api-base-url ${sb.baseUrl}\` to sign in again.`), io.stderr);
      assert.doesNotMatch(io.stderr, /refused-refresh-token/);
    }
  });

  it("for an account, names the saved sign-in's client id", async () => {
    const dir = tempDir('config-');
    const store = new TokenStore(dir);
    // Refreshed before any call to the API: the only request goes to the sandbox's token endpoint.
    store.put('api.cc.email', { client_id: 'my-app', access_token: 'old-access-token', refresh_token: 'refused-refresh-token', expires_at: Date.now() - 1, token_endpoint: `${new URL(sb.baseUrl).origin}/oauth2/default/v1/token`, saved_at: Date.now() });
    const io = memoryIo({ env: { SEGMENT_CRITERIA_CONFIG_DIR: dir }, cwd: tempDir() });
    assert.equal(await pull(['--all'], io), 1);
    assert.ok(io.stderr.includes('Run `segment-criteria login --client-id my-app` to sign in again.'), io.stderr);
    assert.doesNotMatch(io.stderr, /old-access-token|refused-refresh-token/);
  });
});

describe('a sign-in code that expires before it is approved', () => {
  it('names the login command to run again, with its --api-base-url', async () => {
    // An OAuth server on this machine that hands out a code, then says it expired (as Constant Contact does).
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/device/authorize')) {
        res.end(JSON.stringify({ device_code: 'dc', user_code: 'ABCD-EFGH', verification_uri: 'http://127.0.0.1/device', expires_in: 600, interval: 1 }));
      } else {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: 'expired_token', error_description: 'The device code expired.' }));
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`;
    try {
      const io = memoryIo({ env: { SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-') } });
      assert.equal(await login(['--api-base-url', baseUrl], io), 1);
      assert.ok(io.stderr.includes(`The sign-in code expired before it was approved. Run \`segment-criteria login --api-base-url ${baseUrl}\` again`), io.stderr);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
