import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OP_COMPLETION } from '../vscode/fixtures/cases';
import { goTo, openFile, openSession, positionAfter, step, suggestUntil, type Workbench } from './workbench';

let wb: Workbench;
before(async () => (wb = await openSession('completion')));
after(() => wb?.close());

test('the completion list at an op value offers the field operators', async () => {
  const { page } = wb;
  await step(page, 'completion-op', async () => {
    await openFile(page, OP_COMPLETION.file);
    await goTo(page, positionAfter(OP_COMPLETION.file, OP_COMPLETION.anchor, OP_COMPLETION.anchor.length));
    const labels = await suggestUntil(page, OP_COMPLETION.expected);
    for (const op of OP_COMPLETION.expected) assert.ok(labels.some((l) => l.includes(op)), `${op} missing from ${labels.join(', ')}`);
  });
});
