import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { diagnosticCode, waitFor, waitForDiagnostic } from './helpers';
import { api, uniqueName, withSandboxSession, writeSegment } from './sandboxSession';

const ecommerce = { source: 'ecommerce_activity', field: 'purchased_product', op: 'contains-any', product_ids: ['sku-1017'] };

suite('criteria this product does not know', () => {
  withSandboxSession();

  test('an unknown source is a warning; the strict setting makes it an error', async function () {
    this.timeout(60_000);
    const { document } = await writeSegment('unchecked-strict.segment.json', {
      name: uniqueName('Bought a tent'),
      segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [ecommerce] } },
    });
    const warning = await waitForDiagnostic(document.uri, 'unchecked-source');
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    const config = vscode.workspace.getConfiguration('segmentCriteria');
    await config.update('strict', true, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the strict error', () => vscode.languages.getDiagnostics(document.uri).some((d) => diagnosticCode(d) === 'unchecked-source' && d.severity === vscode.DiagnosticSeverity.Error));
    } finally {
      await config.update('strict', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('the preview panel names the criterion the sandbox could not evaluate', async function () {
    this.timeout(90_000);
    const a = await api();
    const { document } = await writeSegment('unchecked-preview.segment.json', {
      name: uniqueName('Bought a tent, preview'),
      segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [ecommerce, { source: 'contact', field: 'email_address', op: 'contains-string', value: '@' }] } },
    });
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    await vscode.commands.executeCommand('segmentCriteria.preview', document.uri);
    const panel = await waitFor('the preview panel', () => a.preview(document.uri));
    await waitFor('the first read', async () => (await panel.settled(), !panel.state().loading));
    assert.equal(panel.state().shown, 0, 'the sandbox selects nobody');
    assert.match(panel.state().note ?? '', /^The sandbox cannot evaluate source "ecommerce_activity" \(line \d+\), so it selects nobody for this segment\. Constant Contact evaluates it; the editor marks it with a warning\.$/);
  });
});
