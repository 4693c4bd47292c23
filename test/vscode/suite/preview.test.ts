import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { waitFor, workspaceUri } from './helpers';
import { api, codeLensTitles, openedLastN, segmentIdIn, withSandboxSession, uniqueName, writeSegment } from './sandboxSession';
import { sandboxReader } from './sandboxReader';

const hasWebview = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview));

suite('preview', () => {
  withSandboxSession();

  test("Preview shows the deployed segment's contacts, loads more on demand, counts exactly, and the CodeLens shows the result", async function () {
    this.timeout(120_000);
    const a = await api();
    const { document } = await writeSegment('preview-deployed.segment.json', {
      name: uniqueName('Everyone with an email'),
      segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'email_address', op: 'contains-string', value: '@' }] } },
    });
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.preview', document.uri), true);
    await waitFor('a preview tab', hasWebview);
    const panel = await waitFor('the preview panel', () => a.preview(document.uri));
    await waitFor('the first page', async () => (await panel.settled(), panel.state().shown > 0));
    const first = panel.state();
    assert.equal(first.error, undefined);
    assert.equal(first.more, true, 'the sample account has more contacts than a page');
    await panel.more();
    assert.ok(panel.state().shown > first.shown, 'Load more adds rows');
    const offer = await panel.countOffer();
    assert.ok(offer.requests >= 1);
    const count = await panel.count();
    assert.ok(count !== undefined && count >= panel.state().shown);
    const summary = a.lastPreview(document.uri);
    assert.equal(summary?.exact, true);
    assert.equal(summary?.count, count);
    const csvUri = await panel.exportCsv(workspaceUri('preview-deployed-contacts.csv'));
    assert.ok(csvUri, 'the CSV was written');
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(csvUri)).split('\r\n').filter(Boolean);
    assert.equal(csv[0], 'Email,First name,Last name,Job title,Company,Added,Contact id');
    assert.equal(csv.length - 1, panel.state().shown, 'one row per contact shown');
    await waitFor('the preview result in the CodeLens', async () => (await codeLensTitles(document.uri)).some((t) => /^[\d,]+ contacts?, previewed \d\d:\d\d$/.test(t)));
  });

  test('Preview of a file whose segment was deleted in the account says so, and what to do', async function () {
    this.timeout(90_000);
    const a = await api();
    const name = uniqueName('Deleted meanwhile');
    const { document } = await writeSegment('preview-deleted.segment.json', openedLastN(name));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const id = segmentIdIn(document)!;
    await (await sandboxReader(a)).deleteSegment(id);
    await vscode.commands.executeCommand('segmentCriteria.preview', document.uri);
    const panel = await waitFor('the preview panel', () => a.preview(document.uri));
    await panel.settled();
    assert.equal(
      panel.state().error,
      `preview-deleted.segment.json: segment ${id} ("${name}") was deleted in the account. Remove "segment_id" and "sync" from the file to create it again as a new segment.`,
    );
  });

  test('the preview warns when the file differs from the deployed version', async function () {
    this.timeout(90_000);
    const a = await api();
    const { document } = await writeSegment('preview-differs.segment.json', openedLastN(uniqueName('Differs')));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    const edit = new vscode.WorkspaceEdit();
    const at = document.getText().indexOf('"5"');
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 3)), '"3"');
    await vscode.workspace.applyEdit(edit);
    await vscode.commands.executeCommand('segmentCriteria.preview', document.uri);
    const panel = await waitFor('the preview panel', () => a.preview(document.uri));
    await panel.settled();
    assert.match(panel.state().warning ?? '', /differs from deployed segment/);
    await document.save();
  });

  test('Preview Draft previews a file never deployed through a temporary segment that is deleted', async function () {
    this.timeout(90_000);
    const a = await api();
    const name = uniqueName('Draft only');
    const { document } = await writeSegment('preview-draft.segment.json', openedLastN(name, 3));
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.previewDraft', document.uri), true);
    const panel = await waitFor('the draft preview panel', () => a.preview(document.uri));
    await waitFor('the draft preview to finish', async () => (await panel.settled(), !panel.state().loading && (panel.state().shown > 0 || panel.state().exactCount !== undefined)));
    assert.equal(panel.state().kind, 'draft');
    assert.equal(panel.state().error, undefined);
    assert.ok(!/"segment_id"/.test(document.getText()), 'a draft preview does not bind the file');
    const segments = await a.refreshSegments();
    assert.ok(!segments.some((s) => s.name.includes('temporary preview')), `temporary segment left: ${segments.map((s) => s.name).join(', ')}`);
  });
});
