// `segment-criteria rename FILE NAME` with the name the segment already has: nothing is sent to rename it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deploy } from '../../cli/src/commands/deploy.js';
import { rename } from '../../cli/src/commands/rename.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastSandbox } from '../api/sandboxFixture.js';
import { commentedSegment, memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

describe('rename to the name it has', () => {
  let sb: Sandbox;
  let dir: string;
  const log: string[] = [];
  const FILE = 'same.segment.json';
  const run = async (cmd: typeof rename, args: string[]) => {
    const io = memoryIo({ env: sandboxEnv(sb), cwd: dir });
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const patches = () => log.filter((l) => l.startsWith('PATCH '));
  const read = () => readFileSync(join(dir, FILE), 'utf8');

  before(async () => {
    sb = await fastSandbox({ log: (line) => log.push(line) });
    dir = tempDir('rename-');
    writeFileSync(join(dir, FILE), commentedSegment('Already so'));
    assert.equal((await run(deploy, [FILE])).code, 0);
  });
  after(() => sb.close());

  it('says there is nothing to do, exit 0, sending no rename and leaving the file as it is', async () => {
    const text = read();
    const id = parseSegmentFile(text, FILE).segmentId!;
    const edited = sb.state.segments.get(id)!.edited_at;
    const r = await run(rename, [FILE, 'Already so']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${FILE}: segment ${id} is already named "Already so": nothing to do.\n`);
    assert.doesNotMatch(r.out, /renamed from/);
    assert.deepEqual(patches(), []);
    assert.equal(sb.state.segments.get(id)!.edited_at, edited);
    assert.equal(read(), text);
  });

  it('when only the file has another name, sets the file\'s name without a rename request', async () => {
    const text = read();
    const id = parseSegmentFile(text, FILE).segmentId!;
    writeFileSync(join(dir, FILE), text.replace('"name": "Already so"', '"name": "Edited locally"'));
    const r = await run(rename, [FILE, 'Already so']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${FILE}: segment ${id} is already named "Already so"; the file's "name" now says so too.\n`);
    assert.deepEqual(patches(), []);
    assert.equal(read(), text);
  });

  it('still renames to another name (a change of letter case is one)', async () => {
    const id = parseSegmentFile(read(), FILE).segmentId!;
    const sent = patches().length;
    const r = await run(rename, [FILE, 'ALREADY SO']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${FILE}: segment ${id} renamed from "Already so" to "ALREADY SO".\n`);
    assert.equal(patches().length, sent + 1);
    assert.equal(sb.state.segments.get(id)!.name, 'ALREADY SO');
    assert.equal(parseSegmentFile(read(), FILE).name, 'ALREADY SO');
  });
});
