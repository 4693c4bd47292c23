// A file bound to a segment that was deleted in the account (GET still answers for it by id): every command
// says so in the same words and what to do, with exit 1, never the API's raw 404, and changes nothing.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { count } from '../../cli/src/commands/count.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { diff } from '../../cli/src/commands/diff.js';
import { freeze } from '../../cli/src/commands/freeze.js';
import { preview } from '../../cli/src/commands/preview.js';
import { rename } from '../../cli/src/commands/rename.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { commentedSegment, memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

describe('a file whose segment was deleted in the account', () => {
  let sb: Sandbox;
  let dir: string;
  let id: number;
  let text: string;
  const FILE = 'gone.segment.json';
  const run = async (cmd: typeof count, args: string[]) => {
    const io = memoryIo({ env: sandboxEnv(sb), cwd: dir });
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const gone = () => `${FILE}: segment ${id} ("Gone soon") was deleted in the account. Remove "segment_id" and "sync" from the file and deploy it to create it again as a new segment.\n`;
  const segments = () => JSON.stringify([...sb.state.segments.values()]);

  before(async () => {
    sb = await fastSandbox();
    dir = tempDir('deleted-');
    writeFileSync(join(dir, FILE), commentedSegment('Gone soon'));
    assert.equal((await run(deploy, [FILE])).code, 0);
    text = readFileSync(join(dir, FILE), 'utf8');
    id = parseSegmentFile(text, FILE).segmentId!;
    await fastClient(sb).deleteSegment(id);
  });
  after(() => sb.close());

  for (const [what, cmd, args] of [
    ['deploy FILE', deploy, [FILE]],
    ['count FILE', count, [FILE]],
    ['preview FILE', preview, [FILE]],
    ['preview FILE --csv', preview, [FILE, '--csv', 'out.csv']],
    ['rename FILE NAME', rename, [FILE, 'Another name']],
    ['rename FILE with its own name', rename, [FILE, 'Gone soon']],
    ['freeze FILE', freeze, [FILE, '--list', 'Frozen gone']],
  ] as const) {
    it(`${what}: says the segment was deleted and what to do, exit 1`, async () => {
      const before = segments();
      const r = await run(cmd, [...args]);
      assert.equal(r.code, 1);
      assert.ok(r.err.endsWith(gone()), r.err);
      assert.doesNotMatch(r.err, /404|not found/i);
      assert.equal(r.out, '');
      assert.equal(segments(), before, 'nothing changed in the account');
      assert.equal(readFileSync(join(dir, FILE), 'utf8'), text, 'the file is as it was');
    });
  }

  it('count ID: says the segment is not in the account, exit 1', async () => {
    const r = await run(count, [String(id)]);
    assert.equal(r.code, 1);
    assert.equal(r.err, `Segment ${id} is not in the account: it was deleted (it was named "Gone soon"). Check the id; to count a file as it is, run: segment-criteria count FILE --draft\n`);
    assert.equal(r.out, '');
    const never = await run(count, ['987654']);
    assert.equal(never.code, 1);
    assert.equal(never.err, 'Segment 987654 is not in the account. Check the id; to count a file as it is, run: segment-criteria count FILE --draft\n');
  });

  for (const format of ['text', 'json']) {
    it(`diff (--format ${format}): the criteria it had, as with edited ones, say the segment is not in the account`, async () => {
      const r = await run(diff, [FILE, '--format', format]);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.equal(r.err, `${FILE}: segment ${id} is not in this account (it may have been deleted). Remove "segment_id" and "sync" from the file to deploy it as a new segment.\n`);
      writeFileSync(join(dir, FILE), text.replace('"value": "MA"', '"value": "VT"'));
      try {
        const edited = await run(diff, [FILE, '--format', format]);
        assert.equal(edited.code, 1);
        assert.equal(edited.err, r.err);
      } finally {
        writeFileSync(join(dir, FILE), text);
      }
    });
  }
});
