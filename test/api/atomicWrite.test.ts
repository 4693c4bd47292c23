// Writing a file whole or not at all, through symbolic links, keeping its mode, leaving no litter.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic } from '../../api/src/atomicWrite.js';
import { tempDir } from '../cli/cliFixture.js';

describe('writing a file atomically', () => {
  it('writes through a symbolic link and keeps the mode of the file', () => {
    const dir = tempDir('atomic-');
    writeFileSync(join(dir, 'real.segment.json'), 'old');
    chmodSync(join(dir, 'real.segment.json'), 0o600);
    symlinkSync('real.segment.json', join(dir, 'link.segment.json'));
    writeFileAtomic(join(dir, 'link.segment.json'), 'new');
    assert.ok(lstatSync(join(dir, 'link.segment.json')).isSymbolicLink(), 'the link is still a link');
    assert.equal(readlinkSync(join(dir, 'link.segment.json')), 'real.segment.json');
    assert.equal(readFileSync(join(dir, 'real.segment.json'), 'utf8'), 'new');
    assert.equal(statSync(join(dir, 'real.segment.json')).mode & 0o777, 0o600);
    // A link whose target does not exist yet: the target is created, the link stays.
    symlinkSync('later.segment.json', join(dir, 'dangling.segment.json'));
    writeFileAtomic(join(dir, 'dangling.segment.json'), 'first');
    assert.ok(lstatSync(join(dir, 'dangling.segment.json')).isSymbolicLink());
    assert.equal(readFileSync(join(dir, 'later.segment.json'), 'utf8'), 'first');
  });

  it('removes temporary files a killed run left, and only its own', () => {
    const dir = tempDir('atomic-');
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = `.f.segment.json.segment-criteria.${deadPid}.0badf00d.tmp`;
    writeFileSync(join(dir, stale), '{"half');
    writeFileSync(join(dir, '.f.segment.json.swp'), 'an editor file');
    writeFileAtomic(join(dir, 'f.segment.json'), '{}');
    assert.deepEqual(readdirSync(dir).sort(), ['.f.segment.json.swp', 'f.segment.json']);
  });

  it('writes nothing when the file changed since it was read', () => {
    const dir = tempDir('atomic-');
    writeFileSync(join(dir, 'f.segment.json'), 'theirs');
    assert.equal(writeFileAtomic(join(dir, 'f.segment.json'), 'mine', { ifContentIs: 'what I read' }), false);
    assert.equal(readFileSync(join(dir, 'f.segment.json'), 'utf8'), 'theirs');
    assert.deepEqual(readdirSync(dir), ['f.segment.json']);
  });
});
