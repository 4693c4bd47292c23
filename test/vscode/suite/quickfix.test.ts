import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { TOP_NOT_AND } from '../fixtures/cases';
import { diagnosticCode, openSegment, waitFor, waitForDiagnostic, waitForNoDiagnostic } from './helpers';

suite('quick fix', () => {
  test('wrapping a top "or" in an "and" fixes the top-not-and error', async () => {
    const { document } = await openSegment(TOP_NOT_AND.file);
    const diagnostic = await waitForDiagnostic(document.uri, TOP_NOT_AND.code);
    const fix = await waitFor('a quick fix for top-not-and', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      return actions.find((a) => a.diagnostics?.some((d) => diagnosticCode(d) === TOP_NOT_AND.code) || /and/i.test(a.title));
    });
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), `could not apply "${fix.title}"`);
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    await waitForNoDiagnostic(document.uri, TOP_NOT_AND.code);
    const criteria = (parse(document.getText()) as { segment_criteria: { criteria: { type: string; group: { type?: string }[] } } }).segment_criteria.criteria;
    assert.equal(criteria.type, 'and');
    assert.equal(criteria.group[0]?.type, 'or');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
