// Token lifetime against a sandbox this suite controls (started here, in the extension host): an expired
// access token is refreshed without the user noticing; a sign-in the API no longer accepts is forgotten and
// the user is asked to sign in again, instead of an opaque error.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { startSandbox, type Sandbox } from '../../../sandbox/src/server';
import { skipBecause, waitFor } from './helpers';
import { api, endSandboxSession, openedLastN, uniqueName, writeSegment } from './sandboxSession';

suite('session lifetime', () => {
  let sb: Sandbox | undefined;

  suiteSetup(async function () {
    this.timeout(120_000);
    await endSandboxSession();
    try {
      sb = await startSandbox({ rateLimit: false, processingMs: 50, oauth: { deviceIntervalSec: 1 } });
    } catch (e) {
      skipBecause(this, `a sandbox could not start in the extension host: ${(e as Error).message}`);
    }
    const ok = await vscode.commands.executeCommand<boolean>('segmentCriteria.useSandbox', { apiBaseUrl: sb!.baseUrl, signIn: true });
    if (!ok) skipBecause(this, `could not sign in to the sandbox at ${sb!.baseUrl}`);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('segmentCriteria.signOut');
    await endSandboxSession();
    await sb?.close();
  });

  test('an expired access token is refreshed (rotating refresh token) without bothering the user', async function () {
    this.timeout(60_000);
    const a = await api();
    sb!.oauth.expireAccessTokens();
    const segments = await a.refreshSegments();
    assert.ok(Array.isArray(segments));
    assert.equal(a.account().signedIn, true);
    assert.equal(a.segments().items.length, segments.length);
  });

  test('a sign-in the API no longer accepts is forgotten, and signing in again works', async function () {
    this.timeout(90_000);
    const a = await api();
    const { document } = await writeSegment('session-expired.segment.json', openedLastN(uniqueName('Expired')));
    sb!.setFaults({ unauthorized: {} });
    try {
      assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'not-deployed');
      await waitFor('the refused sign-in to be forgotten', () => !a.account().signedIn);
      assert.match(a.statusText(), /signed out/);
    } finally {
      sb!.setFaults({});
    }
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.signIn'), true);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
  });
});
