/** The parse cache: bounded by the length of the texts it keeps, not their number, and told what to forget. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseCache } from '../../server/src/language/parseCache';

const segment = (name: string, padding = 0) => `{ "name": "${name}", "segment_criteria": { "version": "1.0.0", "criteria": { "type": "and", "group": [] } } }${' '.repeat(padding)}`;

describe('the parse cache', () => {
  it('parses a text once while it is kept', () => {
    const cache = new ParseCache(1000);
    const text = segment('a');
    assert.equal(cache.parse(text), cache.parse(text));
    assert.deepEqual(cache.stats(), { documents: 1, chars: text.length });
  });

  it('keeps texts up to its budget of characters, dropping the least recently used', () => {
    const cache = new ParseCache(300);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => segment(n, 40));
    const first = cache.parse(a!);
    cache.parse(b!);
    cache.parse(a!); // a is now more recent than b
    cache.parse(c!);
    assert.deepEqual(cache.stats(), { documents: 2, chars: a!.length + c!.length });
    assert.equal(cache.parse(a!), first, 'a was kept');
  });

  it('always keeps the most recent text, however large', () => {
    const cache = new ParseCache(100);
    cache.parse(segment('small'));
    const large = segment('large', 1000);
    const doc = cache.parse(large);
    assert.deepEqual(cache.stats(), { documents: 1, chars: large.length });
    assert.equal(cache.parse(large), doc);
  });

  it('lets go of a released text', () => {
    const cache = new ParseCache(10_000);
    const [a, b] = [segment('a'), segment('b')];
    cache.parse(a);
    cache.parse(b);
    cache.release(a);
    cache.release('not cached');
    assert.deepEqual(cache.stats(), { documents: 1, chars: b.length });
  });
});
