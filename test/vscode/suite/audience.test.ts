// Exact counts, "Compare Audience with Deployed" and segmentCriteria.deploy.maxAudienceChange, against the
// sandbox. What the sandbox selects is worked out here with its own evaluator on its sample account (the
// criteria used do not depend on the clock), so each number is checked against the contacts themselves.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { Evaluator } from '../../../sandbox/src/evaluator';
import { sampleData } from '../../../sandbox/src/sampleData';
import { waitFor } from './helpers';
import { api, openedLastN, setText, uniqueName, withSandboxSession, writeSegment } from './sandboxSession';

const sample = new Evaluator(sampleData());

/** Contacts who opened one of the last five campaigns and live in one of the states. */
function engaged(name: string, states: string[]) {
  return {
    name,
    segment_criteria: {
      version: '1.0.0',
      criteria: {
        type: 'and',
        group: [
          { source: 'tracking', field: 'opened', op: 'contains-any', const_value: 'last-n-campaigns', param: '5' },
          { type: 'or', group: states.map((value) => ({ source: 'contact', field: 'state', op: 'eq', value })) },
        ],
      },
    },
  };
}

/** The email addresses the sandbox selects for a file's criteria. */
function selected(file: { segment_criteria: unknown }): Set<string> {
  return new Set(sample.select(JSON.stringify(file.segment_criteria)).map((c) => c.email_address!.toLowerCase()));
}

const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort((x, y) => x.localeCompare(y));

async function setSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
  await vscode.workspace.getConfiguration('segmentCriteria').update(key, value, target);
}

async function noTemporarySegments(): Promise<void> {
  const left = (await (await api()).refreshSegments()).filter((s) => s.name.includes('temporary preview'));
  assert.deepEqual(left, [], 'temporary segments left behind');
}

suite('audience', () => {
  withSandboxSession();

  test('Exact count… answers as paging to the end does, with one export of a few requests (deployed and draft)', async function () {
    this.timeout(120_000);
    const a = await api();
    const { document } = await writeSegment('count-deployed.segment.json', {
      name: uniqueName('Everyone with an email'),
      segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'email_address', op: 'contains-string', value: '@' }] } },
    });
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.preview', document.uri), true);
    const panel = await waitFor('the preview panel', () => a.preview(document.uri));
    await waitFor('the first page', async () => (await panel.settled(), panel.state().shown > 0));
    while (panel.state().more) await panel.more();
    const paged = panel.state().shown;
    assert.ok(paged > 100, `${paged} contacts paged`);
    const offer = await panel.countOffer();
    assert.match(offer.text, /one export .* about \d+ requests whatever the size/);
    assert.equal(await panel.count(), paged, 'the exact count equals paging to the end');
    const spent = panel.state().countRequests!;
    assert.ok(spent >= 2 && spent <= 8, `${spent} requests for the count`);
    assert.equal(a.lastPreview(document.uri)?.count, paged);

    const draftFile = openedLastN(uniqueName('Draft count'), 3) as { segment_criteria: unknown };
    const { document: draft } = await writeSegment('count-draft.segment.json', draftFile);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.previewDraft', draft.uri), true);
    const dp = await waitFor('the draft preview panel', () => a.preview(draft.uri));
    await waitFor('the draft preview', async () => (await dp.settled(), !dp.state().loading));
    assert.equal(dp.state().error, undefined);
    while (dp.state().more) await dp.more();
    assert.equal(await dp.count(), dp.state().shown, 'a draft count equals paging the draft to the end');
    assert.equal(dp.state().exactCount, selected(draftFile).size);
    assert.ok(dp.state().countRequests! <= 10, `${dp.state().countRequests} requests for a draft count`);
    await noTemporarySegments();
  });

  test('Compare Audience with Deployed shows who would enter and leave, as the sandbox selects them', async function () {
    this.timeout(120_000);
    const a = await api();
    const before = engaged(uniqueName('Engaged in New England'), ['MA', 'RI']);
    const after = engaged(before.name, ['MA', 'CT']);
    const { document } = await writeSegment('audience-edit.segment.json', before);
    assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri), 'created');

    const same = await vscode.commands.executeCommand<{ audience?: { basis: string; entering: { count: number }; leaving: { count: number } } }>('segmentCriteria.compareAudience', document.uri);
    assert.equal(same?.audience?.basis, 'same-criteria');
    assert.deepEqual([same.audience.entering.count, same.audience.leaving.count], [0, 0]);

    // An unsaved edit: the comparison is of the file as it is in the editor.
    await setText(document, document.getText().replace('"value": "RI"', '"value": "CT"'));
    const state = await vscode.commands.executeCommand<{ error?: string; audience?: { basis: string; entering: { count: number; shown: string[] }; leaving: { count: number; shown: string[] } } }>(
      'segmentCriteria.compareAudience',
      document.uri,
    );
    assert.equal(state?.error, undefined);
    const entering = minus(selected(after), selected(before));
    const leaving = minus(selected(before), selected(after));
    assert.ok(entering.length > 0 && leaving.length > 0, 'the edit moves contacts both ways');
    assert.equal(state.audience?.basis, 'compared');
    assert.equal(state.audience.entering.count, entering.length);
    assert.equal(state.audience.leaving.count, leaving.length);
    assert.deepEqual(state.audience.entering.shown.map((e) => e.toLowerCase()), entering.slice(0, 20));
    assert.deepEqual(state.audience.leaving.shown.map((e) => e.toLowerCase()), leaving.slice(0, 20));
    assert.equal(a.audience(document.uri)?.state().audience?.entering.count, entering.length, 'the panel holds the result');
    assert.ok(vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Audience: '))), 'an "Audience:" panel is open');
    await noTemporarySegments();
    await document.save();
  });

  test('Compare Audience of a file never deployed: everyone it selects would enter; over the request limit: refused, nothing sent', async function () {
    this.timeout(90_000);
    const file = openedLastN(uniqueName('Never deployed'), 2) as { segment_criteria: unknown };
    const { document } = await writeSegment('audience-new.segment.json', file);
    const state = await vscode.commands.executeCommand<{ audience?: { basis: string; entering: { count: number }; leaving: { count: number } } }>('segmentCriteria.compareAudience', document.uri);
    assert.equal(state?.audience?.basis, 'not-deployed');
    assert.equal(state.audience.entering.count, selected(file).size);
    assert.equal(state.audience.leaving.count, 0);
    assert.ok(!/"segment_id"/.test(document.getText()), 'comparing does not bind the file');

    await setSetting('compareAudience.maxRequests', 3);
    try {
      const refused = await vscode.commands.executeCommand<{ error?: string; audience?: unknown }>('segmentCriteria.compareAudience', document.uri);
      assert.match(refused?.error ?? '', /not compared: it would take about \d+ requests .*more than segmentCriteria\.compareAudience\.maxRequests \(3\)\. Nothing was sent\./);
      assert.equal(refused?.audience, undefined);
    } finally {
      await setSetting('compareAudience.maxRequests', undefined);
    }
    await noTemporarySegments();
  });

  test('deploy.maxAudienceChange: above the limit deploy asks, naming the numbers; "Cancel" leaves the segment; within it deploys', async function () {
    this.timeout(150_000);
    const before = engaged(uniqueName('Guarded'), ['MA', 'RI']);
    const after = engaged(before.name, ['MA', 'CT']);
    const questions: string[] = [];
    const ask = (answer: boolean) => ({ askAudienceChange: (q: string) => (questions.push(q), Promise.resolve(answer)) });
    await setSetting('deploy.maxAudienceChange', 5);
    try {
      const { document } = await writeSegment('audience-guarded.segment.json', before);
      assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri, ask(false)), 'created', 'a new segment has no change');
      assert.deepEqual(questions, []);

      await setText(document, document.getText().replace('"value": "RI"', '"value": "CT"'));
      await document.save();
      assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri, ask(false)), 'not-deployed');
      const old = selected(before);
      const [e, l] = [minus(selected(after), old).length, minus(old, selected(after)).length];
      assert.equal(questions.length, 1);
      assert.match(questions[0]!, new RegExp(`would change the audience of segment \\d+ by [\\d.]+% \\(${e} entering, ${l} leaving of ${old.size}\\), above your limit of 5%\\. Deploy anyway\\?$`));
      const left = await vscode.commands.executeCommand<vscode.Uri>('segmentCriteria.compareWithDeployed', document.uri);
      const remote = (await vscode.workspace.openTextDocument(left!)).getText();
      assert.ok(remote.includes('"RI"') && !remote.includes('"CT"'), `the deployed segment is unchanged:\n${remote}`);

      // A workspace cannot loosen the user's limit.
      await setSetting('deploy.maxAudienceChange', 1000, vscode.ConfigurationTarget.Workspace);
      assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri, ask(false)), 'not-deployed');
      assert.equal(questions.length, 2);
      await setSetting('deploy.maxAudienceChange', undefined, vscode.ConfigurationTarget.Workspace);

      // A change that cannot be measured (here: not within the requests allowed) is asked about too.
      await setSetting('compareAudience.maxRequests', 3);
      try {
        assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri, ask(false)), 'not-deployed');
      } finally {
        await setSetting('compareAudience.maxRequests', undefined);
      }
      assert.equal(questions.length, 3);
      assert.match(questions[2]!, /the audience change could not be measured, so your limit of 5% cannot be checked\. .*would take about \d+ requests.*\(3\)\. Nothing was sent\..* Deploy anyway\?$/);

      await setSetting('deploy.maxAudienceChange', 1000);
      assert.equal(await vscode.commands.executeCommand('segmentCriteria.deploy', document.uri, ask(false)), 'updated', 'within the limit it deploys without asking');
      assert.equal(questions.length, 3);
    } finally {
      await setSetting('deploy.maxAudienceChange', undefined);
      await setSetting('deploy.maxAudienceChange', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
