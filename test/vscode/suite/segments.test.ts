import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { workspaceUri } from './helpers';
import { api, openedLastN, withSandboxSession, segmentIdIn, setText, uniqueName, writeSegment } from './sandboxSession';

suite('segments view, pull, rename, delete', () => {
  withSandboxSession();

  test("the view lists the account's segments, sorted by name or date", async function () {
    this.timeout(60_000);
    const a = await api();
    const name = uniqueName('Listed');
    const { document } = await writeSegment('segments-listed.segment.json', openedLastN(name));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    await vscode.commands.executeCommand('segmentCriteria.segments.sortByName');
    assert.equal(a.segments().sortOrder, 'name');
    const byName = await a.refreshSegments();
    assert.ok(byName.some((s) => s.name === name));
    assert.deepEqual(byName.map((s) => s.name), [...byName.map((s) => s.name)].sort((x, y) => x.localeCompare(y, undefined, { sensitivity: 'base' })));
    await vscode.commands.executeCommand('segmentCriteria.segments.sortByDate');
    assert.equal(a.segments().sortOrder, 'date');
    const byDate = await a.refreshSegments();
    assert.equal(byDate[0]?.name, name, 'the newest edit first');
  });

  test('Rename renames the segment and the bound file', async function () {
    this.timeout(60_000);
    const a = await api();
    const { document } = await writeSegment('segments-rename.segment.json', openedLastN(uniqueName('Before rename')));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const id = segmentIdIn(document)!;
    const newName = uniqueName('After rename');
    // From the view: the item carries the segment id and name.
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.rename', { segmentId: id, name: 'ignored' }, { name: newName }), newName);
    assert.ok(document.getText().includes(JSON.stringify(newName)), 'the bound file has the new name');
    assert.ok((await a.refreshSegments()).some((s) => s.segmentId === id && s.name === newName));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'unchanged');
  });

  test('Pull opens a segment as a new, bound file when no file is bound to it', async function () {
    this.timeout(60_000);
    const name = uniqueName('Pulled back');
    const uri = workspaceUri('segments-pull-source.segment.json');
    const { document } = await writeSegment('segments-pull-source.segment.json', openedLastN(name));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const id = segmentIdIn(document)!;
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
    await vscode.window.tabGroups.close(tabs);
    await vscode.workspace.fs.delete(uri);
    const pulled = (await vscode.commands.executeCommand('segmentCriteria.pull', { segmentId: id, name })) as vscode.Uri;
    assert.ok(pulled, 'a file was created');
    assert.match(pulled.path, /pulled-back-.*\.segment\.json$/);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(pulled));
    assert.equal(segmentIdIn({ getText: () => text } as vscode.TextDocument), id);
    assert.ok(text.endsWith('}\n') && text.includes('\n  "name": '), 'written as pull writes files: two-space indent, final newline');
    // Pulling again finds the bound file instead of making another.
    assert.equal(((await vscode.commands.executeCommand('segmentCriteria.pull', { segmentId: id, name })) as vscode.Uri).toString(), pulled.toString());
  });

  test('Pull into a bound file changes only what differs and keeps its comments', async function () {
    this.timeout(90_000);
    const content = `// why this segment exists\n${JSON.stringify(openedLastN(uniqueName('Commented')), null, 2).replace('"param": "5"', '"param": "5" // five is enough')}\n`;
    const { document: mine } = await writeSegment('segments-pull-comments.segment.json', content);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', mine.uri), 'created');
    const deployed = mine.getText();
    // Someone else changes the segment and changes it back: only edited_at moves.
    const { document: theirs } = await writeSegment('segments-pull-comments-theirs.segment.json', deployed.replace('"param": "5"', '"param": "2"'));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', theirs.uri, { onRemoteEdit: 'overwrite' }), 'updated');
    await setText(theirs, theirs.getText().replace('"param": "2"', '"param": "5"'));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', theirs.uri), 'updated');
    assert.equal(((await vscode.commands.executeCommand('segmentCriteria.pull', mine.uri)) as vscode.Uri).toString(), mine.uri.toString());
    const text = mine.getText();
    assert.match(text, /^\/\/ why this segment exists\n/);
    assert.match(text, /"param": "5" \/\/ five is enough/);
    const outsideSync = (t: string) => t.replace(/"sync": \{[^}]*\}/, '');
    assert.equal(outsideSync(text), outsideSync(deployed), 'nothing but the sync record changed');
  });

  test('Delete removes the segment and unbinds the file, which is kept', async function () {
    this.timeout(60_000);
    const a = await api();
    const { document } = await writeSegment('segments-delete.segment.json', openedLastN(uniqueName('Doomed')));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const id = segmentIdIn(document)!;
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.delete', document.uri, { yes: true }), true);
    assert.equal(segmentIdIn(document), undefined);
    assert.ok(!/"sync"/.test(document.getText()));
    assert.ok(!(await a.refreshSegments()).some((s) => s.segmentId === id));
  });
});
