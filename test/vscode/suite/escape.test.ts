import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { VALID } from '../fixtures/cases';
import { openSegment, skipBecause } from './helpers';
import { readClipboard } from './sandboxSession';

const NO_CLIPBOARD = 'the clipboard does not answer reads here (a headless browser waits on a clipboard-read permission)';

suite('escape and unescape', () => {
  test('Escape puts the exact API request body in a new editor and on the clipboard', async function () {
    const source = await openSegment(VALID.file);
    await vscode.env.clipboard.writeText('');
    const out = (await vscode.commands.executeCommand('segmentCriteria.escape', source.document.uri)) as vscode.TextDocument;
    const body = JSON.parse(out.getText()) as { name: string; segment_criteria: string };
    assert.deepEqual(Object.keys(body), ['name', 'segment_criteria']);
    assert.equal(typeof body.segment_criteria, 'string');
    assert.equal(JSON.parse(body.segment_criteria).criteria.type, 'and');
    const copied = await readClipboard();
    if (copied === undefined) skipBecause(this, `the body is in the editor; ${NO_CLIPBOARD}`);
    assert.equal(copied, out.getText());
  });

  test('Unescape turns a body from the clipboard into a readable segment file', async function () {
    if ((await readClipboard()) === undefined) skipBecause(this, NO_CLIPBOARD);
    const criteria = { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'tags', field: 'tag_id', op: 'eq', const_value: 'none' }] } };
    await vscode.env.clipboard.writeText(JSON.stringify({ name: 'Untagged', segment_criteria: JSON.stringify(criteria), segment_id: 9 }));
    const scratch = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
    await vscode.window.showTextDocument(scratch);
    const out = (await vscode.commands.executeCommand('segmentCriteria.unescape')) as vscode.TextDocument;
    assert.equal(out.languageId, 'segment-json');
    assert.deepEqual(JSON.parse(out.getText()), { name: 'Untagged', segment_criteria: criteria });
  });

  test('Unescape reads the selection when there is one', async () => {
    const body = JSON.stringify({ name: 'Selected', segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [] } }) });
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `before\n${body}\nafter` });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, body.length);
    await vscode.env.clipboard.writeText('not json');
    const out = (await vscode.commands.executeCommand('segmentCriteria.unescape')) as vscode.TextDocument;
    assert.equal((JSON.parse(out.getText()) as { name: string }).name, 'Selected');
  });
});
