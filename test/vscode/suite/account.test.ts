import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { positionOf, waitFor, waitForDiagnostic } from './helpers';
import { accountData, api, withSandboxSession, setText, uniqueName } from './sandboxSession';

suite('sign-in, sandbox and account data', () => {
  withSandboxSession();

  test('Use Local Sandbox signs in to the sandbox for this window without changing settings', async () => {
    const a = await api();
    assert.equal(a.account().sandbox, true);
    assert.equal(a.account().signedIn, true);
    assert.match(a.account().label ?? '', /Sandbox Outfitters/);
    assert.match(a.statusText(), /^\$\(beaker\) Sandbox: Sandbox Outfitters/);
    const config = vscode.workspace.getConfiguration('segmentCriteria');
    for (const key of ['api.baseUrl', 'oauth.baseUrl', 'oauth.clientId']) {
      const i = config.inspect(key);
      assert.equal(i?.globalValue, undefined, `${key} was written to user settings`);
      assert.equal(i?.workspaceValue, undefined, `${key} was written to workspace settings`);
    }
  });

  test('Sign Out forgets the session; Sign In gets a new one through the device flow', async function () {
    this.timeout(90_000);
    const a = await api();
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.signOut'), true);
    assert.equal(a.account().signedIn, false);
    assert.match(a.statusText(), /Sandbox \(signed out\)/);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.signIn'), true);
    await waitFor('signed in again', () => a.account().signedIn);
    assert.match(a.statusText(), /Sandbox: Sandbox Outfitters/);
  });

  test("completions offer the account's list names and insert their ids; unknown ids are errors", async function () {
    this.timeout(90_000);
    const a = await api();
    await accountData(a);
    const doc = await vscode.workspace.openTextDocument({ language: 'segment-json', content: '' });
    await vscode.window.showTextDocument(doc);
    await setText(
      doc,
      JSON.stringify({ name: uniqueName('Completions'), segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'list_membership', field: 'list_id', op: 'eq', value: '' }] } } }, null, 2),
    );
    const position = positionOf(doc, '"value": "', '"value": "'.length);
    const items = await waitFor('list completions by name', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
      const found = list.items.filter((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'Newsletter');
      return found.length ? found : undefined;
    });
    const insert = items[0]!.textEdit instanceof vscode.TextEdit ? items[0]!.textEdit.newText : String(items[0]!.insertText ?? '');
    assert.match(insert, /^"[0-9a-f-]{36}"$/, `inserts the list id, got ${insert}`);
    await setText(doc, doc.getText().replace('"value": ""', '"value": "00000000-0000-4000-8000-000000000000"'));
    await waitForDiagnostic(doc.uri, 'unknown-list');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Refresh Account Data reads the lists, tags and campaigns again', async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('segmentCriteria.refreshAccountData');
    assert.equal((await api()).accountDataLoaded(), true);
  });
});
