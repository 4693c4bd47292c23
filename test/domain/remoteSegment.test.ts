// The decisions deploy, pull, rename and preview take by comparing a file with its remote segment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SegmentDetail } from '../../api/src/types.js';
import { bindingProblem } from '../../domain/src/deploy.js';
import { holdsRemote, pullDiscardsEdits, remoteEditedSinceSync } from '../../domain/src/remoteSegment.js';
import { contentHash, parseSegmentFile, type SegmentFile } from '../../domain/src/segmentFile.js';

const criteria = (value: string) => ({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value }] } });
const remote = (value: string): SegmentDetail => ({ segment_id: 4, name: 'Mine', segment_criteria: JSON.stringify(criteria(value)) }) as SegmentDetail;
const file = (value: string, seen?: string): SegmentFile =>
  parseSegmentFile(
    JSON.stringify({ name: 'Mine', segment_criteria: criteria(value), segment_id: 4, ...(seen ? { sync: { account: 'acct', api: 'api.cc.email', hash: contentHash('Mine', criteria(seen)) } } : {}) }),
    'f',
  );

describe('a file against its remote segment', () => {
  it('holds the remote when name and criteria are the same', () => {
    assert.equal(holdsRemote(file('MA'), remote('MA')), true);
    assert.equal(holdsRemote(file('MA'), remote('RI')), false);
  });
  it('sees a remote edit only through its sync record', () => {
    assert.equal(remoteEditedSinceSync(file('MA', 'MA'), remote('RI')), true);
    assert.equal(remoteEditedSinceSync(file('MA', 'RI'), remote('RI')), false);
    assert.equal(remoteEditedSinceSync(file('MA'), remote('RI')), false);
  });
  it('pull discards edits only when the file holds neither what it saw nor the remote', () => {
    assert.equal(pullDiscardsEdits(file('VT', 'MA'), remote('RI')), true);
    assert.equal(pullDiscardsEdits(file('MA', 'MA'), remote('RI')), false);
    assert.equal(pullDiscardsEdits(file('RI', 'MA'), remote('RI')), false);
    assert.equal(pullDiscardsEdits(file('VT'), remote('RI')), true);
  });
  it('is bound elsewhere when its sync record names another account or host', () => {
    assert.equal(bindingProblem(file('MA', 'MA'), 'acct', 'api.cc.email'), undefined);
    assert.deepEqual(bindingProblem(file('MA', 'MA'), 'other', 'api.cc.email'), {
      reason: 'other-account',
      segmentId: 4,
      boundAccount: 'acct',
      boundApi: 'api.cc.email',
      account: 'other',
      api: 'api.cc.email',
    });
  });
});
