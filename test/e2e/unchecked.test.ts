// A segment with a criterion this product does not check (an unknown source), previewed as a draft on the
// local sandbox: the sandbox selects nobody, the panel's note says why and points to the editor's warning,
// and the panel shows no empty table and offers nothing that needs contacts (an exact count, an export).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { openFile, openSession, previewFrame, runCommand, signInToSandbox, step, type Workbench } from './workbench';

const FILE = 'bought.segment.json';
const text = readFileSync(new URL('../fixtures/web-ui/bought-and-opened.segment.json', import.meta.url), 'utf8');

let wb: Workbench;
before(async () => (wb = await openSession('unchecked', {}, { [FILE]: text })));
after(() => wb?.close());

test('a draft the sandbox cannot evaluate: the note says why, and the panel offers nothing that needs contacts', async () => {
  const { page } = wb;
  await step(page, 'unchecked-note', async () => {
    await openFile(page, FILE);
    await signInToSandbox(page);
    await runCommand(page, 'Segment Criteria: Preview Draft (Temporary Segment)');
    const view = previewFrame(page);
    await view.locator('#status', { hasText: '0 contacts in the segment.' }).waitFor({ timeout: 60_000 });
    const line = text.split('\n').findIndex((l) => l.includes('"ecommerce_activity"')) + 1;
    assert.equal(
      await view.locator('#note').innerText(),
      `The sandbox cannot evaluate source "ecommerce_activity" (line ${line}), so it selects nobody for this segment. Constant Contact evaluates it; the editor marks it with a warning.`,
    );
    for (const id of ['table', 'countOffer', 'csv', 'more']) assert.equal(await view.locator(`#${id}`).isHidden(), true, `#${id} is hidden`);
    assert.equal(await view.locator('#refresh').isVisible(), true);
  });
});
