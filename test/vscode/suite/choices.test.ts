// Choices that do not vanish and no quiet surprises: rename asks again with the typed name kept when the
// name is taken; selecting a segment in the Segments view writes nothing; a later success of a command
// closes the error notice its earlier failure left.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { NameBox } from '../../../client/src/commands/choices';
import { api, openedLastN, segmentIdIn, setText, uniqueName, withSandboxSession, writeSegment } from './sandboxSession';

async function segmentFileCount(): Promise<number> {
  return (await vscode.workspace.findFiles('**/*.segment.json')).length;
}

suite('choices that do not vanish, no quiet surprises', () => {
  withSandboxSession();

  test('rename asks again, keeping the typed name, when the name is taken', async function () {
    this.timeout(90_000);
    const taken = uniqueName('Taken');
    const { document: holder } = await writeSegment('choices-holder.segment.json', openedLastN(taken));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', holder.uri), 'created');
    const holderId = segmentIdIn(holder)!;
    const { document } = await writeSegment('choices-rename.segment.json', openedLastN(uniqueName('To rename')));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const id = segmentIdIn(document)!;

    const free = uniqueName('Free');
    const boxes: NameBox[] = [];
    const typed = [taken, free];
    const askName = async (box: NameBox) => (boxes.push(box), typed.shift());
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.rename', document.uri, { askName }), free);
    assert.equal(boxes.length, 2, 'asked again after the taken name');
    assert.equal(boxes[1]!.value, taken, 'the second box holds the name as typed');
    assert.match(boxes[1]!.validateInput(taken) ?? '', new RegExp(`already used by segment ${holderId}`));
    assert.ok(document.getText().includes(JSON.stringify(free)), 'the bound file has the new name');
    assert.ok((await (await api()).refreshSegments()).some((s) => s.segmentId === id && s.name === free));
  });

  test('selecting a segment opens its bound file as it is, and an unbound one read-only, writing nothing', async function () {
    this.timeout(90_000);
    const a = await api();
    const name = uniqueName('Selected');
    // Written by hand: a comment and one-line criteria, which a pull would rewrite.
    const { document } = await writeSegment(
      'choices-selected.segment.json',
      `// written by hand\n{ "name": ${JSON.stringify(name)}, "segment_criteria": ${JSON.stringify((openedLastN(name) as { segment_criteria: unknown }).segment_criteria)} }\n`,
    );
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const id = segmentIdIn(document)!;
    const before = document.getText();
    const onDisk = () => vscode.workspace.fs.readFile(document.uri).then((b) => new TextDecoder().decode(b));
    const diskBefore = await onDisk();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    await a.refreshSegments();
    const item = a.segments().items.find((i) => i.segmentId === id);
    assert.ok(item?.command, 'the item has a command for selection');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const opened = vscode.window.activeTextEditor?.document;
    assert.equal(opened?.uri.toString(), document.uri.toString(), 'the bound file is open');
    assert.equal(opened.getText(), before, 'the editor holds the file as it was');
    assert.equal(opened.isDirty, false);
    assert.equal(await onDisk(), diskBefore, 'nothing written to disk');

    // No file bound: a read-only view of the segment, and no file created.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(document.uri);
    const files = await segmentFileCount();
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.uri.scheme, 'segment-criteria-remote', `a read-only view, not a file: ${shown?.uri.toString()}`);
    assert.ok(shown.getText().includes(JSON.stringify(name)));
    assert.equal(await segmentFileCount(), files, 'no file written');
  });

  test("a later success of the same command closes its earlier failure's notice", async function () {
    this.timeout(90_000);
    const a = await api();
    const file = 'choices-stale-error.segment.json';
    const valid = openedLastN(uniqueName('Fixed later')) as { segment_criteria: { criteria: { type: string } } };
    const broken = { ...valid, segment_criteria: { ...valid.segment_criteria, criteria: { ...valid.segment_criteria.criteria, type: 'or' } } };
    const { document } = await writeSegment(file, broken);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'not-deployed');
    const mine = () => a.errorNotices().filter((m) => m.includes(file));
    assert.equal(mine().length, 1, `one notice for ${file}: ${a.errorNotices().join(' | ')}`);
    assert.match(mine()[0]!, /not deployed/);

    await setText(document, JSON.stringify(valid, null, 2) + '\n');
    await document.save();
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    assert.deepEqual(mine(), [], 'the stale error is gone');
  });
});
