/**
 * The worker for large documents runs a full collection after a call once the old generation has grown by
 * a quarter since the last one: not after every call, and not never.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FullCollections, fullCollection, oldGenerationBytes } from '../../server/src/fullCollections';

describe('full collections in the worker for large documents', () => {
  it('run once the old generation has grown by a quarter since the last one', () => {
    let used = 40;
    let runs = 0;
    const collections = new FullCollections(() => {
      runs++;
      used = 40; // what the collection keeps
    }, () => used);
    assert.equal(collections.afterCall(), true, 'the first call sets what is kept');
    used = 49; // 40 + 9: under a quarter more
    assert.equal(collections.afterCall(), false);
    used = 51;
    assert.equal(collections.afterCall(), true);
    assert.equal(runs, 2);
    assert.equal(used, 40);
  });

  it('can be asked of this runtime, and free what is no longer held', () => {
    const collect = fullCollection();
    assert.equal(typeof collect, 'function', 'V8 gave its full collection');
    let garbage: string[] | undefined = Array.from({ length: 20 }, (_, i) => `${i}`.repeat(1024 * 1024).split('').join(''));
    // Twice: what survives two collections has moved to the old generation.
    collect!();
    collect!();
    const held = oldGenerationBytes();
    assert.ok(garbage.length > 0);
    garbage = undefined;
    collect!();
    assert.equal(garbage, undefined);
    assert.ok(oldGenerationBytes() < held - 10 * 1024 * 1024, `${held} → ${oldGenerationBytes()}`);
  });

  it('stay out of the way where the runtime refuses one', () => {
    const collections = new FullCollections(undefined, () => Number.MAX_SAFE_INTEGER);
    assert.equal(collections.afterCall(), false);
  });
});
