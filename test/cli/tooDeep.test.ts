/**
 * Nesting far past the checker's limit (thousands of groups) is refused by escape --no-check and unescape
 * with the limit and what to do, as check reports it (too-deep), never with a stack overflow.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { escape } from '../../cli/src/commands/escape.js';
import { MAX_NESTING } from '../../domain/src/segmentFile.js';
import { LIMITS } from '../../server/src/language/vocabulary.js';
import { unescape } from '../../cli/src/commands/unescape.js';
import { memoryIo, tempDir } from './cliFixture.js';

const LEAF = '{"source":"contact","field":"state","op":"eq","value":"MA"}';
/** Criteria of `levels` nested "and" groups, as text (JSON.stringify itself overflows on such a value). */
const deepCriteria = (levels: number) => `{"version":"1.0.0","criteria":${'{"type":"and","group":['.repeat(levels)}${LEAF}${']}'.repeat(levels)}}`;

describe('criteria nested thousands of levels deep', () => {
  const dir = tempDir('deep-');
  writeFileSync(join(dir, 'deep.segment.json'), `{"name":"Deep","segment_criteria":${deepCriteria(5000)}}`);
  writeFileSync(join(dir, 'deep-string.segment.json'), JSON.stringify({ name: 'Deep', segment_criteria: deepCriteria(5000) }));
  writeFileSync(join(dir, 'deep.body.json'), JSON.stringify({ name: 'Deep', segment_criteria: deepCriteria(5000) }));
  writeFileSync(join(dir, 'deep-outer.body.json'), `{"name":"Deep","criteria":${deepCriteria(5000)}}`);

  const refused = (io: { stdout: string; stderr: string }, file: string) => {
    assert.match(io.stderr, new RegExp(`^${file.replace(/\./g, '\\.')}: nested more than 64 levels deep`));
    assert.match(io.stderr, /Flatten them into an "and" of criteria and "or" groups\./);
    assert.doesNotMatch(io.stderr, /call stack|RangeError/);
    assert.equal(io.stdout, '');
  };

  it('escape --no-check says so, with where (line:column)', async () => {
    const io = memoryIo({ cwd: dir });
    assert.equal(await escape(['deep.segment.json', '--no-check'], io), 1);
    refused(io, 'deep.segment.json');
    assert.match(io.stderr, /\(at 1:\d+\)/);
  });

  it('escape --no-check says so for escaped criteria too', async () => {
    const io = memoryIo({ cwd: dir });
    assert.equal(await escape(['deep-string.segment.json', '--no-check'], io), 1);
    refused(io, 'deep-string.segment.json');
    assert.match(io.stderr, /inside its escaped segment_criteria/);
  });

  it('unescape says so, for a body and for the guide\'s {name, criteria} shape', async () => {
    for (const file of ['deep.body.json', 'deep-outer.body.json']) {
      const io = memoryIo({ cwd: dir });
      assert.equal(await unescape([file], io), 1, file);
      refused(io, file);
    }
    const stdin = memoryIo({ cwd: dir, stdin: JSON.stringify({ name: 'Deep', segment_criteria: deepCriteria(5000) }) });
    assert.equal(await unescape([], stdin), 1);
    refused(stdin, 'stdin');
  });

  it('the limit is the checker\'s', () => {
    assert.equal(MAX_NESTING, LIMITS.maxNesting);
  });

  it('criteria at the limit are still escaped', async () => {
    // 64 levels in all: the file's object, segment_criteria, then the groups and their arrays.
    const io = memoryIo({ cwd: dir });
    writeFileSync(join(dir, 'limit.segment.json'), `{"name":"Limit","segment_criteria":${deepCriteria(30)}}`);
    assert.equal(await escape(['limit.segment.json', '--no-check'], io), 0, io.stderr);
    assert.equal(JSON.parse(io.stdout).name, 'Limit');
  });
});
