// Onto which text deploy writes a sync record: never onto text that does not parse or names another segment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSegmentFile, setSyncFields } from '../../api/src/segmentFile.js';
import { planWriteBack } from '../../api/src/syncRecord.js';

const sync = { account: 'acct', api: 'api.cc.email', hash: 'a'.repeat(64), edited_at: '2026-01-02T03:04:05Z' };
const criteria = { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'MA' }] } };

describe('which text deploy writes back onto', () => {
  const deployedText = JSON.stringify({ name: 'Mine', segment_criteria: criteria }, null, 2);
  const deployed = { text: deployedText, file: parseSegmentFile(deployedText, 'f') };

  it('the deployed text, or a newer text of the same segment; nothing onto text that does not parse or names another segment', () => {
    assert.deepEqual(planWriteBack(deployed, deployedText, 5, sync), { kind: 'write', text: setSyncFields(deployedText, 5, sync), changedMeanwhile: false });
    const edited = deployedText.replace('"MA"', '"RI"');
    assert.deepEqual(planWriteBack(deployed, edited, 5, sync), { kind: 'write', text: setSyncFields(edited, 5, sync), changedMeanwhile: true });
    assert.deepEqual(planWriteBack(deployed, deployedText.replace('"MA"', '"RI'), 5, sync), { kind: 'skip', reason: 'unreadable' });
    assert.deepEqual(planWriteBack(deployed, deployedText.replace('"Mine"', '"Theirs"'), 5, sync), { kind: 'skip', reason: 'other-segment' });
    assert.deepEqual(planWriteBack(deployed, setSyncFields(deployedText, 8, sync), 5, sync), { kind: 'skip', reason: 'other-segment' });
  });
});
