// Pulling into a bound file: only what differs from the remote changes; comments and layout stay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pulledText } from '../../domain/src/pullText.js';
import { contentHash, parseSegmentFile } from '../../domain/src/segmentFile.js';

const sync = { account: 'acct', api: 'api.cc.email', hash: 'a'.repeat(64), edited_at: '2026-01-02T03:04:05Z' };

describe('pull into an existing file', () => {
  const file = `{
  // Directors: why this segment exists
  "name": "Directors",
  "segment_criteria": {
    "version": "1.0.0",
    "criteria": {
      "type": "and",
      "group": [
        { "source": "contact", "field": "state", "op": "eq", "value": "MA" }, // case-insensitive
        { "source": "contact", "field": "title", "op": "starts-with", "value": "dir" }
      ]
    }
  },
  "segment_id": 9,
  "sync": {
    "account": "acct",
    "api": "api.cc.email",
    "hash": "${'a'.repeat(64)}",
    "edited_at": "2026-01-01T00:00:00Z"
  }
}
`;
  const local = parseSegmentFile(file, 'f');
  const pulled = (change: (c: typeof local.criteria) => void = () => {}, name = local.name) => {
    const c = structuredClone(local.criteria);
    change(c);
    return { name, criteria: c, criteriaJson: JSON.stringify(c), segmentId: 9, sync: { ...sync, hash: contentHash(name, c), edited_at: '2026-03-03T00:00:00Z' } };
  };

  it('when only edited_at moved, changes only the sync record and keeps every comment', () => {
    const p = pulled();
    const out = pulledText(file, p)!;
    assert.equal(out, file.replace('a'.repeat(64), p.sync.hash).replace('2026-01-01T00:00:00Z', '2026-03-03T00:00:00Z'));
  });

  it('when the remote changed, edits only what differs: a value, a removed and an added criterion', () => {
    type Group = { group: Record<string, unknown>[] };
    const p = pulled((c) => {
      const g = (c.criteria as Group).group;
      g[0]!.value = 'RI';
      g.splice(1, 1, { source: 'contact', field: 'city', op: 'eq', value: 'Boston' });
    }, 'Directors in RI');
    const out = pulledText(file, p)!;
    assert.match(out, /\/\/ Directors: why this segment exists/);
    assert.match(out, /"value": "RI" \}, \/\/ case-insensitive/);
    assert.match(out, /\n        \{ "source": "contact", "field": "city", "op": "eq", "value": "Boston" \}\n      \]/, out);
    assert.deepEqual(parseSegmentFile(out, 'f').criteria, p.criteria);
    assert.equal(parseSegmentFile(out, 'f').name, 'Directors in RI');
  });

  it('keeps criteria written as an escaped string a string', () => {
    const text = JSON.stringify({ name: 'Directors', segment_criteria: JSON.stringify(local.criteria) }, null, 2);
    const p = pulled((c) => void ((c.criteria as { type: string }).type = 'or'));
    const out = pulledText(text, p)!;
    assert.equal(typeof (JSON.parse(out) as { segment_criteria: unknown }).segment_criteria, 'string');
    assert.deepEqual(parseSegmentFile(out, 'f').criteria, p.criteria);
  });

  it('keeps a byte order mark and the comments after it', () => {
    const p = pulled();
    const out = pulledText('\uFEFF' + file, p)!;
    assert.equal(out, '\uFEFF' + pulledText(file, p)!);
  });
});
