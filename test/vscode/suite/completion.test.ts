import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { OP_COMPLETION } from '../fixtures/cases';
import { openSegment, positionOf, waitFor } from './helpers';

function label(item: vscode.CompletionItem): string {
  const l = typeof item.label === 'string' ? item.label : item.label.label;
  return l.replace(/^"|"$/g, '');
}

suite('completion', () => {
  test("at an op value, the field's operators are offered", async () => {
    const { document } = await openSegment(OP_COMPLETION.file);
    const position = positionOf(document, OP_COMPLETION.anchor, OP_COMPLETION.anchor.length);
    // The language server may still be starting: ask until it answers with operators.
    const labels = await waitFor('operator completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      const found = list.items.map(label);
      return OP_COMPLETION.expected.every((op) => found.includes(op)) ? found : undefined;
    });
    for (const op of OP_COMPLETION.expected) assert.ok(labels.includes(op), `missing ${op} in ${labels.join(', ')}`);
  });
});
