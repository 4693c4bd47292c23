/**
 * A refused connection means nothing was sent: the message says so (and, for a sandbox on this machine, how
 * to start it) instead of "may or may not have been applied", which stays for failures after sending.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { CtctClient } from '../../api/src/client.js';
import { ApiError, failedBeforeSending } from '../../api/src/errors.js';
import { count } from '../../cli/src/commands/count.js';
import { OPENED_LAST_5 } from '../api/sandboxFixture.js';
import { memoryIo, tempDir } from './cliFixture.js';

/** A port on this machine that nothing listens on (taken, then given back). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${e}`);
    return e;
  }
  assert.fail('expected an error');
}

describe('nothing listening at the API base URL', () => {
  let port: number;
  before(async () => {
    port = await closedPort();
  });

  it('a POST: could not connect, nothing was sent, not "may or may not"', async () => {
    let attempts = 0;
    const client = new CtctClient({
      baseUrl: `http://127.0.0.1:${port}/v3`,
      auth: { getToken: async () => 'a-token' },
      limiter: false,
      backoff: { baseMs: 1, maxMs: 5 },
      onRequest: () => attempts++,
    });
    const e = await apiError(client.createSegment({ name: 'Once', segment_criteria: OPENED_LAST_5 }));
    assert.equal(e.kind, 'unreachable');
    assert.equal(e.message, `POST /segments: could not connect to 127.0.0.1:${port} (ECONNREFUSED): nothing was sent. Check the network and the API base URL, then try again.`);
    assert.equal(attempts, 1);
    const get = await apiError(client.listSegments());
    assert.equal(get.kind, 'unreachable');
    assert.match(get.message, /^GET \/segments\S*: could not connect to 127\.0\.0\.1:\d+ \(ECONNREFUSED\) after 4 attempts: nothing was sent\./);
  });

  it('a call whose earlier attempt reached the server is not "nothing was sent"', async () => {
    let attempts = 0;
    const refused = () => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const client = new CtctClient({
      baseUrl: 'http://127.0.0.1:9/v3',
      auth: { getToken: async () => 'a-token' },
      limiter: false,
      backoff: { baseMs: 1, maxMs: 5 },
      // The first attempt is answered 500 (the server had it), the next ones find nothing listening.
      fetch: (async () => {
        if (attempts++ === 0) return new Response('[]', { status: 500, headers: { 'content-type': 'application/json' } });
        throw refused();
      }) as typeof fetch,
    });
    const e = await apiError(client.updateSegment(7, { name: 'Once', segment_criteria: OPENED_LAST_5 }));
    assert.equal(attempts, 4);
    assert.equal(e.kind, 'network');
    assert.doesNotMatch(e.message, /nothing was sent/);
    assert.match(e.message, /the connection failed \(ECONNREFUSED\) after 4 attempts/);
  });

  it('the CLI: names the sandbox command for that port', async () => {
    const io = memoryIo({ env: { CTCT_ACCESS_TOKEN: 'a-token', SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-') }, cwd: tempDir() });
    assert.equal(await count(['1', '--api-base-url', `http://127.0.0.1:${port}/v3`], io), 1);
    // Its first request reads the account's segments (is segment 1 there?): a GET, tried again before giving up.
    assert.ok(
      io.stderr.includes(
        `could not connect to 127.0.0.1:${port} (ECONNREFUSED) after 4 attempts: nothing was sent. Is the sandbox running? Start it with \`segment-criteria sandbox --port ${port}\``,
      ),
      io.stderr,
    );
    assert.doesNotMatch(io.stderr, /may or may not|a-token/);
  });

  it('only failures before sending count as not sent', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID']) assert.ok(failedBeforeSending(code), code);
    for (const code of ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT', undefined]) assert.ok(!failedBeforeSending(code), code);
  });
});
