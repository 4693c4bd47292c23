// Commands that arrive with later issues. Each test looks for the command in the extension's manifest and at
// run time, and skips with the reason while it doesn't exist yet.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { VALID } from '../fixtures/cases';
import { contributedCommand, openSegment, skipBecause, waitFor } from './helpers';

suite('commands', () => {
  test('Escape shows the escaped segment_criteria body', async function () {
    const id = await contributedCommand(/\.escape$/i);
    if (!id) skipBecause(this, 'no escape command is contributed yet (segmentCriteria.escape)');
    const source = await openSegment(VALID.file);
    await vscode.commands.executeCommand(id);
    const shown = await waitFor('an editor with the escaped body', () =>
      vscode.window.visibleTextEditors.find((e) => e.document !== source.document && e.document.getText().includes('\\"version\\"')),
    );
    assert.match(shown.document.getText(), /\\"criteria\\"/);
  });

  // Sign-in, deploy and preview against the sandbox have suites of their own: account.test.ts, deploy.test.ts,
  // preview.test.ts and segments.test.ts (sandboxSession.ts signs in to the runner's sandbox, or to one the
  // extension starts, and skips with the reason when neither can be reached).
});
