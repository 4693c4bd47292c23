// User settings that name a sandbox on this machine with the sandbox's client id, as `npm start` writes them:
// the extension treats it as a sandbox (no "Use Local Sandbox" offered), and a command that needs a sign-in
// signs in by itself (the sandbox approves; no dialog waits for a click) and carries on.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { SANDBOX_CLIENT_ID } from '../../../client/src/connection';
import { skipBecause, waitFor } from './helpers';
import { api, openedLastN, segmentIdIn, uniqueName, writeSegment } from './sandboxSession';

const KEYS = ['api.baseUrl', 'oauth.baseUrl', 'oauth.clientId'] as const;

async function setEndpoints(values: Record<(typeof KEYS)[number], string | undefined>): Promise<void> {
  const config = vscode.workspace.getConfiguration('segmentCriteria');
  for (const key of KEYS) await config.update(key, values[key], vscode.ConfigurationTarget.Global);
}

suite('settings that name a local sandbox (as npm start writes them)', () => {
  const url = process.env.SEGMENT_SANDBOX_URL;

  suiteSetup(async function () {
    this.timeout(60_000);
    if (!url) skipBecause(this, 'the runner started no sandbox (SEGMENT_SANDBOX_URL is not set)');
    const a = await api();
    assert.equal(a.account().sandbox, false, 'an earlier suite left a sandbox in use');
    await setEndpoints({ 'api.baseUrl': url, 'oauth.baseUrl': `${new URL(url).origin}/oauth2/default/v1`, 'oauth.clientId': SANDBOX_CLIENT_ID });
    await waitFor('the extension to see the sandbox in the settings', () => a.account().sandbox);
    if (a.account().signedIn) await vscode.commands.executeCommand('segmentCriteria.signOut');
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    if (!url) return;
    const a = await api();
    if (a.account().signedIn) await vscode.commands.executeCommand('segmentCriteria.signOut');
    await setEndpoints({ 'api.baseUrl': undefined, 'oauth.baseUrl': undefined, 'oauth.clientId': undefined });
    await waitFor('the settings to be Constant Contact again', () => !a.account().sandbox);
  });

  test('is a sandbox, signed out, with nothing offered to start one', async () => {
    const a = await api();
    assert.equal(a.account().signedIn, false);
    assert.match(a.statusText(), /Sandbox \(signed out\)/);
  });

  test('Deploy signs in to it by itself and carries on', async function () {
    this.timeout(120_000);
    const a = await api();
    const editor = await writeSegment('settings-sandbox.segment.json', openedLastN(uniqueName('Settings sandbox')));
    // Signed out: the command starts the sign-in and ends; the deploy resumes once signed in.
    await vscode.commands.executeCommand('segmentCriteria.deploy', editor.document.uri);
    await waitFor('the deploy to carry on after the sign-in and bind the file', () => segmentIdIn(editor.document) !== undefined, 90_000);
    assert.equal(a.account().signedIn, true);
    assert.match(a.statusText(), /^\$\(beaker\) Sandbox: /);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
