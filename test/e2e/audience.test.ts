// "Compare Audience with Deployed" as a user runs it: a sample file deployed to the extension's own local
// sandbox, edited in the editor (not saved), the command run from the palette, and the preview panel's
// entering and leaving sides read inside its webview. The expected contacts are the sandbox's own answer
// on its sample account (the criteria do not depend on the clock).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { projectRoot } from '../../scripts/code-server/paths';
import { Evaluator } from '../../sandbox/src/evaluator';
import { sampleData } from '../../sandbox/src/sampleData';
import { activeEditorLines, goTo, openFile, openSession, previewFrame, runCommand, signInToSandbox, step, waitFor, type Workbench } from './workbench';

const FILE = 'engaged-new-england.segment.json';
/** Contacts listed per side. */
const SHOWN = 5;
/** The example without its $schema (a path relative to the project, not to the workspace). */
const text = readFileSync(join(projectRoot, 'examples', FILE), 'utf8').replace(/^\s*"\$schema".*\n/m, '');

let wb: Workbench;
before(async () => (wb = await openSession('audience', { settings: { 'segmentCriteria.compareAudience.contacts': SHOWN } }, { [FILE]: text })));
after(() => wb?.close());

/** The email addresses, sorted as the panel lists them, that the sandbox selects for criteria with these states. */
function selected(states: string[]): Set<string> {
  const criteria = {
    version: '1.0.0',
    criteria: {
      type: 'and',
      group: [
        { source: 'tracking', field: 'opened', op: 'contains-any', const_value: 'last-n-campaigns', param: '5' },
        { type: 'or', group: states.map((value) => ({ source: 'contact', field: 'state', op: 'eq', value })) },
      ],
    },
  };
  return new Set(new Evaluator(sampleData()).select(JSON.stringify(criteria)).map((c) => c.email_address!));
}
const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort((x, y) => x.localeCompare(y));

/** 1-based line and column of `needle` in `content`. */
function positionOf(content: string, needle: string): { line: number; column: number } {
  assert.ok(content.includes(needle), `${needle} not in the file`);
  const lines = content.slice(0, content.indexOf(needle)).split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

test('the sample file deployed to the local sandbox', async () => {
  const { page } = wb;
  await step(page, 'audience-deployed', async () => {
    await openFile(page, FILE);
    await signInToSandbox(page);
    await runCommand(page, 'Segment Criteria: Deploy');
    await activeEditorLines(page).filter({ hasText: '"segment_id"' }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
  });
});

test('an edit in the editor: Rhode Island becomes Connecticut', async () => {
  const { page } = wb;
  await step(page, 'audience-edited', async () => {
    // Deploy wrote segment_id and sync into the file and saved it: the editor holds what is on disk.
    const at = positionOf(readFileSync(join(wb.workspace, FILE), 'utf8'), '"RI"');
    await goTo(page, { line: at.line, column: at.column + 1 });
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('CT');
    await waitFor(activeEditorLines(page).filter({ hasText: '"value": "CT"' }), 'the edit in the editor');
    assert.equal(await activeEditorLines(page).filter({ hasText: '"value": "RI"' }).count(), 0);
  });
});

test('"Compare Audience with Deployed" shows who would enter and leave in the preview panel', async () => {
  const { page } = wb;
  const [old, now] = [selected(['MA', 'RI']), selected(['MA', 'CT'])];
  const entering = minus(now, old);
  const leaving = minus(old, now);
  assert.ok(entering.length > SHOWN && leaving.length > 0, `${entering.length} entering, ${leaving.length} leaving`);
  await step(page, 'audience-compared', async () => {
    await runCommand(page, 'Segment Criteria: Compare Audience with Deployed');
    const view = previewFrame(page);
    const plural = (n: number) => `${n} contact${n === 1 ? '' : 's'}`;
    await waitFor(view.locator('#enteringCount', { hasText: new RegExp(`^${plural(entering.length)}$`) }), `"${plural(entering.length)}" entering`, { timeout: 90_000 });
    assert.equal(await view.locator('#leavingCount').innerText(), plural(leaving.length));
    assert.match(await view.locator('#summary').innerText(), new RegExp(`${plural(entering.length)} would enter and ${plural(leaving.length)} leave segment \\d+, which holds ${plural(old.size)} now and would hold ${plural(now.size)}`));
    const emails = async (side: string) => (await view.locator(`#${side}Rows tr td:first-child`).allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(await emails('entering'), entering.slice(0, SHOWN));
    assert.deepEqual(await emails('leaving'), leaving.slice(0, SHOWN));
    assert.equal(await view.locator('#enteringRest').innerText(), `… and ${entering.length - SHOWN} more`);
    // The contacts table of a preview is not part of this page, nor are its buttons.
    assert.equal(await view.locator('#table').isHidden(), true);
    assert.equal(await view.locator('#countOffer').isHidden(), true);
    await waitFor(page.locator('.tab', { hasText: 'Audience: engaged-new-england' }), 'the "Audience:" tab');
  });
});
