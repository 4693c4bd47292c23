// When a file may get a sync record, and onto which text: never one the file's content has not seen,
// never onto text that does not parse or names another segment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentHash, parseSegmentFile, setSyncFields } from '../../domain/src/segmentFile.js';
import { planWriteBack, syncAfterRename } from '../../domain/src/syncRecord.js';
import type { SegmentDetail } from '../../api/src/types.js';

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

describe('a rename records the remote as seen only when the file has seen it', () => {
  const remote = (name: string, value: string, edited_at: string): SegmentDetail =>
    ({ segment_id: 4, name, segment_criteria: JSON.stringify({ ...criteria, criteria: { ...criteria.criteria, group: [{ ...criteria.criteria.group[0], value }] } }), edited_at }) as SegmentDetail;
  it('no record and a remote that differs: the record is not written', () => {
    const file = parseSegmentFile(JSON.stringify({ name: 'New', segment_criteria: criteria, segment_id: 4 }), 'f');
    assert.equal(syncAfterRename(file, remote('Old', 'CT', 't1'), remote('New', 'CT', 't2'), 'acct', 'api'), undefined);
    assert.ok(syncAfterRename(file, remote('Old', 'MA', 't1'), remote('New', 'MA', 't2'), 'acct', 'api'), 'the file holds what the remote holds');
  });
  it('a record the remote still matched before the rename: the renamed remote is recorded', () => {
    const before = remote('Old', 'CT', 't1');
    const seen = parseSegmentFile(JSON.stringify({ name: 'New', segment_criteria: criteria, segment_id: 4, sync: { ...sync, hash: contentHash('Old', JSON.parse(before.segment_criteria)) } }), 'f');
    assert.equal(syncAfterRename(seen, before, remote('New', 'CT', 't2'), 'acct', 'api')?.hash, contentHash('New', JSON.parse(before.segment_criteria)));
    assert.equal(syncAfterRename(seen, before, remote('New', 'VT', 't2'), 'acct', 'api'), undefined, 'changed again meanwhile');
  });
});
