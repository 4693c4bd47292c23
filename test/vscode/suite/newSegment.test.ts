// A start from nothing: "New Segment File" opens an untitled segment holding a whole, valid segment, indented
// with two spaces; an empty segment document gets the same segment from the empty-document quick fix.
import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { diagnosticCode, extension, LANGUAGE_ID, waitFor, waitForDiagnostic, waitForNoDiagnostic } from './helpers';

interface Segment {
  name: string;
  segment_criteria: { version: string; criteria: { type: string; group: { source?: string; field?: string }[] } };
}

async function closeWithoutSaving(uri: vscode.Uri): Promise<void> {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  if (!editor) return;
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

suite('a start from nothing', () => {
  test('New Segment File opens an untitled segment with a whole segment, two-space indented and without errors', async () => {
    await extension().activate();
    const uri = await vscode.commands.executeCommand<vscode.Uri>('segmentCriteria.newSegment');
    try {
      const editor = await waitFor('the new segment in the active editor', () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.uri.toString() === uri?.toString() && e.document.getText().includes('"segment_criteria"') ? e : undefined;
      });
      const doc = editor.document;
      assert.equal(doc.isUntitled, true);
      assert.equal(doc.languageId, LANGUAGE_ID);
      assert.equal(editor.options.tabSize, 2);
      assert.equal(editor.options.insertSpaces, true);
      assert.match(doc.getText(), /^\{\n  "name": "My first segment",\n  "segment_criteria": \{\n    "version": "1\.0\.0",/);
      assert.ok(!doc.getText().includes('\t'), 'indented with tabs');
      const segment = parse(doc.getText()) as Segment;
      assert.equal(segment.segment_criteria.criteria.type, 'and');
      assert.deepEqual(segment.segment_criteria.criteria.group.map((c) => [c.source, c.field]), [['tracking', 'opened']]);
      // The language server has the document once its hover reads the criteria in plain English.
      const and = doc.positionAt(doc.getText().indexOf('"and"') + 2);
      await waitFor('the plain-English reading in the hover over "and"', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, and);
        return hovers.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('Selects:')));
      });
      await waitForNoDiagnostic(doc.uri, 'empty-document');
      assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map(diagnosticCode), []);
    } finally {
      if (uri) await closeWithoutSaving(uri);
    }
  });

  test('an empty segment document is filled with a whole segment by the empty-document quick fix', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
    await vscode.window.showTextDocument(doc);
    try {
      const diagnostic = await waitForDiagnostic(doc.uri, 'empty-document');
      const fix = await waitFor('the "Insert a new segment" quick fix', async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
        return actions.find((a) => /new segment/i.test(a.title));
      });
      assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), `could not apply "${fix.title}"`);
      await waitForNoDiagnostic(doc.uri, 'empty-document');
      assert.equal((parse(doc.getText()) as Segment).segment_criteria.version, '1.0.0');
    } finally {
      await closeWithoutSaving(doc.uri);
    }
  });
});
