import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { codeLensTitles, openedLastN, withSandboxSession, segmentIdIn, setText, uniqueName, writeSegment } from './sandboxSession';

suite('deploy', () => {
  withSandboxSession();

  test('a file with errors is refused and not sent', async () => {
    const { document } = await writeSegment('deploy-errors.segment.json', {
      name: uniqueName('Broken'),
      segment_criteria: { version: '1.0.0', criteria: { type: 'or', group: [{ source: 'tracking', field: 'opened', op: 'contains-any', const_value: 'last-n-campaigns', param: '5' }] } },
    });
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'not-deployed');
    assert.equal(segmentIdIn(document), undefined);
  });

  test('creates the segment, writes segment_id and sync back, saves, and updates after an edit', async function () {
    this.timeout(90_000);
    const { document } = await writeSegment('deploy-create.segment.json', `// my comment stays\n${JSON.stringify(openedLastN(uniqueName('Deployed')), null, 2)}\n`);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const id = segmentIdIn(document);
    assert.ok(id, 'segment_id written into the document');
    assert.match(document.getText(), /"sync": \{\s*"account": "[^"]+",\s*"api": "127\.0\.0\.1:\d+",\s*"hash": "[0-9a-f]{64}"/);
    assert.match(document.getText(), /^\/\/ my comment stays/);
    assert.equal(document.isDirty, false, 'a document without unsaved changes is saved after the write-back');
    const titles = await waitFor('Deploy and Preview CodeLens', async () => {
      const t = await codeLensTitles(document.uri);
      return t.some((x) => x.includes('Preview')) ? t : undefined;
    });
    assert.ok(titles.some((t) => t.includes('Deploy')));
    assert.ok(!titles.some((t) => t.includes('Differs')), `in sync right after deploy: ${titles.join(' | ')}`);

    await setText(document, document.getText().replace('"param": "5"', '"param": "3"'));
    await document.save();
    await waitFor('the "differs from the deployed version" CodeLens', async () => (await codeLensTitles(document.uri)).some((t) => t.includes('Differs')));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'updated');
    assert.equal(segmentIdIn(document), id);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'unchanged');
  });

  test("unsaved edits are kept by the write-back and the document stays unsaved", async function () {
    this.timeout(90_000);
    const { document } = await writeSegment('deploy-dirty.segment.json', openedLastN(uniqueName('Dirty')));
    await setText(document, document.getText().replace('"param": "5"', '"param": "4"'));
    assert.equal(document.isDirty, true);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    assert.ok(segmentIdIn(document));
    assert.ok(document.getText().includes('"param": "4"'), 'the unsaved edit is still there (and was what got deployed)');
    assert.equal(document.isDirty, true, 'never saved behind the user');
    await document.save();
  });

  test('a remote edit is never overwritten silently: diff, keep, pull remote, or overwrite', async function () {
    this.timeout(120_000);
    const { document: mine } = await writeSegment('remote-edit-mine.segment.json', `// kept by a pull\n${JSON.stringify(openedLastN(uniqueName('Shared')), null, 2)}\n`);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', mine.uri), 'created');
    const id = segmentIdIn(mine)!;
    // Someone else changes the segment: a second file bound to it deploys another version.
    const { document: theirs } = await writeSegment('remote-edit-theirs.segment.json', mine.getText().replace('"param": "5"', '"param": "2"'));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', theirs.uri), 'updated');

    await setText(mine, mine.getText().replace('"param": "5"', '"param": "7"'));
    await mine.save();
    const before = mine.getText();
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', mine.uri, { onRemoteEdit: 'cancel' }), 'kept');
    await waitFor('a diff of remote and local', () =>
      vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.scheme === 'segment-criteria-remote' && t.input.modified.toString() === mine.uri.toString())),
    );
    assert.equal(mine.getText(), before, 'the file is untouched');

    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', mine.uri, { onRemoteEdit: 'pull' }), 'pulled');
    assert.ok(mine.getText().includes('"param": "2"'), 'the editor holds the remote version');
    assert.match(mine.getText(), /^\/\/ kept by a pull\n/, 'only what differs changed: the comment stays');
    assert.equal(mine.isDirty, true, 'not saved: the local version is still on disk and in Undo');
    await vscode.window.showTextDocument(mine);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(mine.getText(), before, 'nothing lost: the local version comes back');

    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', mine.uri, { onRemoteEdit: 'overwrite' }), 'updated');
    assert.equal(segmentIdIn(mine), id);
    assert.ok(mine.getText().includes('"param": "7"'));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', mine.uri), 'unchanged');
  });
});
