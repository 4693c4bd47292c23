import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { GROUPING_ERROR, VALID } from '../fixtures/cases';
import { openSegment, positionOf, waitFor, waitForDiagnostic } from './helpers';

suite('diagnostics', () => {
  test('a grouping-rule violation is an error with its code, on the offending criterion', async () => {
    const { document } = await openSegment(GROUPING_ERROR.file);
    const diagnostic = await waitForDiagnostic(document.uri, GROUPING_ERROR.code);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(diagnostic.message.length > 0);
    const anchor = positionOf(document, GROUPING_ERROR.anchor);
    assert.ok(diagnostic.range.start.line === anchor.line, `expected the error on line ${anchor.line + 1}, got ${diagnostic.range.start.line + 1}`);
  });

  test('a valid file has no errors', async () => {
    const { document } = await openSegment(VALID.file);
    // No diagnostics can mean "not checked yet": first see the server flag a broken version in this very
    // document, then restore the text and wait for every error to go.
    const version = positionOf(document, '"1.0.0"');
    const broken = new vscode.WorkspaceEdit();
    broken.replace(document.uri, new vscode.Range(version, version.translate(0, 7)), '"9.9.9"');
    assert.ok(await vscode.workspace.applyEdit(broken));
    await waitForDiagnostic(document.uri, 'unsupported-version');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('no errors in the valid file', () => !vscode.languages.getDiagnostics(document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.equal(document.isDirty, false);
  });
});
