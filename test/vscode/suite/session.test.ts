// Token lifetime against a sandbox this suite controls (started here, in the extension host): an expired
// access token is refreshed without the user noticing; a sign-in the API no longer accepts is forgotten and
// the user is asked to sign in again, instead of an opaque error.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { api, openedLastN, uniqueName, withOwnSandbox, writeSegment } from './sandboxSession';

suite('session lifetime', () => {
  const sandbox = withOwnSandbox({ rateLimit: false, processingMs: 50, oauth: { deviceIntervalSec: 1 } });

  test('an expired access token is refreshed (rotating refresh token) without bothering the user', async function () {
    this.timeout(60_000);
    const a = await api();
    sandbox().oauth.expireAccessTokens();
    const segments = await a.refreshSegments();
    assert.ok(Array.isArray(segments));
    assert.equal(a.account().signedIn, true);
    assert.equal(a.segments().items.length, segments.length);
  });

  test('a sign-in the API no longer accepts is forgotten, and signing in again works', async function () {
    this.timeout(90_000);
    const a = await api();
    const { document } = await writeSegment('session-expired.segment.json', openedLastN(uniqueName('Expired')));
    sandbox().setFaults({ unauthorized: {} });
    try {
      assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'not-deployed');
      await waitFor('the refused sign-in to be forgotten', () => !a.account().signedIn);
      assert.match(a.statusText(), /signed out/);
    } finally {
      sandbox().setFaults({});
    }
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.signIn'), true);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
  });
});
