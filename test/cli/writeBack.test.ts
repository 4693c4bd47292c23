// deploy, pull and rename writing into segment files, against the sandbox: nothing lost, nothing recorded
// that the file has not seen, and no byte changed that the command did not mean to change.
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSegmentFile, setSyncFields } from '../../domain/src/segmentFile.js';
import { deleteCommand } from '../../cli/src/commands/delete.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { pull } from '../../cli/src/commands/pull.js';
import { rename } from '../../cli/src/commands/rename.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { commentedSegment, memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

let counter = 0;
const commented = (name = `Write-back ${++counter}`, state = 'MA') => commentedSegment(name, state);

describe('write-back onto segment files', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  /** Runs a command; `duringWrite` runs when a change to a segment is on its way (the command in flight). */
  const run = async (cmd: (a: string[], io: ReturnType<typeof memoryIo>) => Promise<number>, args: string[], duringWrite?: () => void) => {
    const io = memoryIo({ env, cwd: dir });
    if (duringWrite) {
      io.clientOptions = {
        ...io.clientOptions,
        fetch: async (input, init) => {
          if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(init?.method ?? 'GET') && String(input).includes('/segments')) duringWrite();
          return fetch(input, init);
        },
      };
    }
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const deployed = async (name: string, text = commented()) => {
    write(name, text);
    const r = await run(deploy, [name]);
    assert.equal(r.code, 0, r.err);
    return parseSegmentFile(read(name), name).segmentId!;
  };

  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
    dir = tempDir('write-back-');
  });
  after(() => sb.close());

  it('pull over a bound file whose remote only moved edited_at keeps its comments and changes only the sync record', async () => {
    const id = await deployed('renamed-back.segment.json');
    const text = read('renamed-back.segment.json');
    const name = parseSegmentFile(text, 'f').name;
    const client = fastClient(sb);
    await client.renameSegment(id, `${name} (for a moment)`);
    await client.renameSegment(id, name);
    sb.state.segments.get(id)!.edited_at = '2030-01-01T00:00:00Z';
    const r = await run(pull, [String(id)]);
    assert.equal(r.code, 0, r.err);
    const now = read('renamed-back.segment.json');
    assert.match(now, /\/\/ case-insensitive/);
    const sync = parseSegmentFile(now, 'f').sync!;
    assert.equal(sync.edited_at, '2030-01-01T00:00:00Z');
    assert.equal(now, text.replace(parseSegmentFile(text, 'f').sync!.edited_at!, '2030-01-01T00:00:00Z'), 'only edited_at differs');
    assert.match((await run(deploy, ['renamed-back.segment.json'])).out, /is up to date/);
  });

  it('pull over a bound file whose remote changed edits only what differs, and never local edits without --force', async () => {
    const id = await deployed('pulled-edit.segment.json');
    const text = read('pulled-edit.segment.json');
    const remote = sb.state.segments.get(id)!;
    await fastClient(sb).updateSegment(id, { name: remote.name, segment_criteria: remote.segment_criteria.replace('"MA"', '"NH"') });
    write('pulled-edit.segment.json', text.replace('"dir"', '"vp"'));
    const refused = await run(pull, [String(id)]);
    assert.equal(refused.code, 1);
    assert.match(read('pulled-edit.segment.json'), /"vp"/, 'local edits kept');
    write('pulled-edit.segment.json', text);
    assert.equal((await run(pull, [String(id)])).code, 0);
    const now = read('pulled-edit.segment.json');
    assert.match(now, /"value": "NH" \}, \/\/ case-insensitive/);
    assert.match(now, /^\{\n {2}\/\/ Write-back \d+: kept by hand, with comments\.\n/);
  });

  it('deploy writes nothing into a file that stopped parsing while it was in flight', async () => {
    write('broken-meanwhile.segment.json', commented());
    const r = await run(deploy, ['broken-meanwhile.segment.json'], () => write('broken-meanwhile.segment.json', '{ "name": "half-typed'));
    assert.equal(r.code, 1);
    assert.match(r.out, /created segment \d+/);
    assert.match(r.err, /broken-meanwhile\.segment\.json: the file changed while deploying and no longer reads as a segment file; nothing was written into it\..*segment-criteria pull \d+/);
    assert.equal(read('broken-meanwhile.segment.json'), '{ "name": "half-typed');
  });

  it("deploy never rebinds a file replaced meanwhile by another segment's file", async () => {
    const otherId = await deployed('other.segment.json');
    const other = read('other.segment.json');
    const id = await deployed('replaced.segment.json');
    write('replaced.segment.json', read('replaced.segment.json').replace('"MA"', '"ME"'));
    const r = await run(deploy, ['replaced.segment.json'], () => write('replaced.segment.json', other));
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`updated segment ${id} `));
    assert.match(r.err, /the file changed while deploying and now names another segment; nothing was written into it/);
    assert.equal(read('replaced.segment.json'), other);
    assert.equal(parseSegmentFile(read('replaced.segment.json'), 'f').segmentId, otherId);
  });

  it('deploy writes back onto a file edited meanwhile when it still names the same segment, keeping the edit', async () => {
    const text = commented();
    write('edited-meanwhile.segment.json', text);
    const r = await run(deploy, ['edited-meanwhile.segment.json'], () => write('edited-meanwhile.segment.json', text.replace('"dir"', '"vp"')));
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /the file changed while deploying; your newer edits were kept and are not deployed yet/);
    const f = parseSegmentFile(read('edited-meanwhile.segment.json'), 'f');
    assert.ok(f.segmentId && f.sync);
    assert.match(read('edited-meanwhile.segment.json'), /"vp"/);
  });

  it('rename of a file without its sync record does not record a remote edit as seen; the next deploy still refuses', async () => {
    const id = await deployed('unsynced.segment.json');
    write('unsynced.segment.json', setSyncFields(read('unsynced.segment.json'), id, undefined));
    const remote = sb.state.segments.get(id)!;
    const theirs = remote.segment_criteria.replace('"MA"', '"CT"');
    await fastClient(sb).updateSegment(id, { name: remote.name, segment_criteria: theirs });
    const r = await run(rename, ['unsynced.segment.json', `Renamed ${counter}`]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /sync record was kept as it was/);
    assert.equal(parseSegmentFile(read('unsynced.segment.json'), 'f').sync, undefined);
    const d = await run(deploy, ['unsynced.segment.json']);
    assert.equal(d.code, 1);
    assert.match(d.err, /no "sync" record/);
    assert.equal(sb.state.segments.get(id)!.segment_criteria, theirs, "the colleague's edit is kept");
  });

  it('rename and delete write nothing into a file that changed while they were in flight', async () => {
    const id = await deployed('raced.segment.json');
    const sync = parseSegmentFile(read('raced.segment.json'), 'f').sync;
    const typed = read('raced.segment.json').replace('"dir"', '"vp');
    const renamed = await run(rename, ['raced.segment.json', `Raced ${counter}`], () => write('raced.segment.json', typed));
    assert.equal(renamed.code, 1);
    assert.match(renamed.err, /was renamed to "Raced \d+", but the file changed meanwhile and was not written/);
    assert.equal(read('raced.segment.json'), typed);
    write('raced.segment.json', setSyncFields(commented(`Raced ${counter}`), id, sync));
    const deleted = await run(deleteCommand, ['raced.segment.json', '--yes'], () => write('raced.segment.json', typed));
    assert.equal(deleted.code, 1);
    assert.match(deleted.err, /was deleted, but the file changed meanwhile and was not written/);
    assert.equal(read('raced.segment.json'), typed);
  });

  it('deploy --dry-run writes nothing, with a stale edited_at or without sync', async () => {
    const id = await deployed('dry.segment.json');
    const f = parseSegmentFile(read('dry.segment.json'), 'f');
    for (const text of [setSyncFields(read('dry.segment.json'), id, { ...f.sync!, edited_at: '2001-01-01T00:00:00Z' }), setSyncFields(read('dry.segment.json'), id, undefined)]) {
      write('dry.segment.json', text);
      const r = await run(deploy, ['dry.segment.json', '--dry-run']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /is up to date/);
      assert.equal(read('dry.segment.json'), text);
    }
  });

  it('deploy through a symbolic link keeps the link, the mode and the one-line layout', async () => {
    const text = JSON.stringify({ name: `One line ${++counter}`, segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'MA' }] } } });
    write('real-one-line.json', text);
    chmodSync(join(dir, 'real-one-line.json'), 0o600);
    symlinkSync('real-one-line.json', join(dir, 'one-line.segment.json'));
    const r = await run(deploy, ['one-line.segment.json']);
    assert.equal(r.code, 0, r.err);
    assert.ok(lstatSync(join(dir, 'one-line.segment.json')).isSymbolicLink());
    assert.equal(statSync(join(dir, 'real-one-line.json')).mode & 0o777, 0o600);
    const now = read('real-one-line.json');
    assert.ok(now.startsWith(text.slice(0, -1) + ',"segment_id":'), now);
    assert.ok(!now.includes('\n'));
  });
});
