// Sign-in with authorization code + PKCE (segmentCriteria.oauth.flow = authorizationCode) against a
// sandbox started here: the extension opens the sandbox's /authorize in the browser, which approves at
// once and redirects to the redirect URI from vscode.env.asExternalUri; VS Code hands that to the
// extension's URI handler, and the code is traded for tokens with the PKCE verifier. In code-server the
// "browser" is the Chromium the runner drives, and the redirect goes through the workbench's /callback page.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { startSandbox, type Sandbox } from '../../../sandbox/src/server';
import { skipBecause } from './helpers';
import { api, endSandboxSession, openedLastN, uniqueName, writeSegment } from './sandboxSession';

suite('sign-in with authorization code + PKCE', () => {
  let sb: Sandbox | undefined;
  const served: string[] = [];
  const settings = () => vscode.workspace.getConfiguration('segmentCriteria');

  suiteSetup(async function () {
    this.timeout(120_000);
    await endSandboxSession();
    try {
      sb = await startSandbox({ rateLimit: false, processingMs: 50, log: (line) => served.push(line) });
    } catch (e) {
      skipBecause(this, `a sandbox could not start in the extension host: ${(e as Error).message}`);
    }
    await settings().update('oauth.flow', 'authorizationCode', vscode.ConfigurationTarget.Global);
    const ok = await vscode.commands.executeCommand<boolean>('segmentCriteria.useSandbox', { apiBaseUrl: sb!.baseUrl });
    if (!ok && !(await api()).account().sandbox) skipBecause(this, `could not use the sandbox at ${sb!.baseUrl}`);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('segmentCriteria.signOut');
    await endSandboxSession();
    await settings().update('oauth.flow', undefined, vscode.ConfigurationTarget.Global);
    await sb?.close();
  });

  test('Sign In goes through /authorize, the URI handler and the token endpoint, then deploy works', async function () {
    this.timeout(120_000);
    const a = await api();
    assert.equal(a.account().signedIn, false);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.signIn'), true, `sign-in failed; the sandbox served:\n${served.join('\n')}`);
    assert.equal(a.account().signedIn, true);

    const authorize = served.find((l) => l.startsWith('GET /oauth2/default/v1/authorize?'));
    assert.ok(authorize, `the browser never asked /authorize:\n${served.join('\n')}`);
    assert.match(authorize, / 302 /);
    const asked = new URL(authorize.split(' ')[1]!, 'http://x').searchParams;
    assert.equal(asked.get('code_challenge_method'), 'S256');
    assert.ok(asked.get('code_challenge') && asked.get('state'));
    const redirect = asked.get('redirect_uri')!;
    // Desktop: <uriScheme>://segment-criteria.segment-criteria/auth-callback; a browser-based VS Code: its /callback page.
    assert.ok(redirect.endsWith('segment-criteria.segment-criteria/auth-callback') || /\/callback\?.*vscode-authority=segment-criteria\.segment-criteria/.test(redirect), redirect);
    assert.ok(served.some((l) => /^POST \/oauth2\/default\/v1\/token 200 /.test(l)), 'the code was traded for tokens');
    assert.ok(!served.some((l) => /device\/authorize/.test(l)), 'the device flow was not used');

    const { document } = await writeSegment('pkce-signed-in.segment.json', openedLastN(uniqueName('PKCE')));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
  });
});
