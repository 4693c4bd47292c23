/**
 * `segment-criteria delete` looks at the scheduled campaigns first: it refuses to delete a segment one of
 * them is sent to (naming the campaigns and their send dates), or when it cannot look (no campaign_data);
 * --force goes past the guard, and --yes still stands for the question.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deleteCommand } from '../../cli/src/commands/delete.js';
import { login } from '../../cli/src/commands/login.js';
import { pull } from '../../cli/src/commands/pull.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import { startSandbox, type Sandbox } from '../../sandbox/src/server.js';
import { fastSandbox } from '../api/sandboxFixture.js';
import { memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

/** Pulls segment `id` into a fresh folder: the file bound to it. */
async function pulled(env: NodeJS.ProcessEnv, id: number): Promise<{ dir: string; file: string }> {
  const dir = tempDir('guard-');
  const io = memoryIo({ env, cwd: dir });
  assert.equal(await pull([String(id), '--dir', dir], io), 0, io.stderr);
  const file = readdirSync(dir).find((n) => n.endsWith('.segment.json'))!;
  assert.equal(parseSegmentFile(readFileSync(join(dir, file), 'utf8'), file).segmentId, id);
  return { dir, file };
}

const live = (sb: Sandbox, id: number) => !sb.state.segments.get(id)!.deleted_at;

describe('delete is guarded by the scheduled campaigns', () => {
  it('refuses while scheduled campaigns are sent to the segment, naming them and their send dates', async () => {
    const sb = await fastSandbox();
    try {
      const env = sandboxEnv(sb);
      const { dir, file } = await pulled(env, 1);
      const io = memoryIo({ env, cwd: dir });
      assert.equal(await deleteCommand([file, '--yes'], io), 1);
      assert.match(io.stderr, /not deleted: segment 1 "Gold tier customers \(sample\)" is the audience of 2 scheduled campaigns:/);
      assert.match(io.stderr, /campaign "Summer Sale Preview" \([0-9a-f-]{36}\), scheduled for 2025-06-06 14:00 UTC/);
      assert.match(io.stderr, /campaign "Weekend Flash Sale" \([0-9a-f-]{36}\), scheduled for 2025-06-13 14:00 UTC/);
      assert.match(io.stderr, /Unschedule them or give them another audience first, or pass --force to delete anyway\./);
      assert.doesNotMatch(io.stderr, /Member Appreciation Night/, 'a campaign sent to a list is not named');
      assert.ok(live(sb, 1), 'not deleted');
      assert.match(readFileSync(join(dir, file), 'utf8'), /"segment_id": 1/, 'the file is still bound');

      // --force goes past the guard, but not past the question.
      const unasked = memoryIo({ env, cwd: dir });
      assert.equal(await deleteCommand([file, '--force'], unasked), 1);
      assert.match(unasked.stderr, /needs confirmation: pass --yes/);
      assert.ok(live(sb, 1));
      const forced = memoryIo({ env, cwd: dir });
      assert.equal(await deleteCommand([file, '--force', '--yes'], forced), 0, forced.stderr);
      assert.match(forced.stderr, /Warning: deleting segment 1 "Gold tier customers \(sample\)" anyway \(--force\), though these scheduled campaigns use it:\n.*Summer Sale Preview/);
      assert.match(forced.stdout, /segment 1 "Gold tier customers \(sample\)" deleted/);
      assert.ok(!live(sb, 1));
    } finally {
      await sb.close();
    }
  });

  it('lets a segment no scheduled campaign uses be deleted (a draft and a sent campaign do not count)', async () => {
    const sb = await fastSandbox();
    try {
      const env = sandboxEnv(sb);
      // Segment 2 is the audience of a draft and of a sent campaign, of no scheduled one.
      const { dir, file } = await pulled(env, 2);
      const io = memoryIo({ env, cwd: dir });
      assert.equal(await deleteCommand([file, '--yes'], io), 0, io.stderr);
      assert.doesNotMatch(io.stderr, /Warning/);
      assert.ok(!live(sb, 2));
    } finally {
      await sb.close();
    }
  });

  it('without campaign_data it cannot look: refused unless --force, saying why', async () => {
    const sb = await startSandbox({ rateLimit: false, processingMs: 0, checkAnswers: true, oauth: { deviceIntervalSec: 1, withheldScopes: ['campaign_data'] } });
    try {
      const env = { CTCT_API_BASE_URL: sb.baseUrl, SEGMENT_CRITERIA_CONFIG_DIR: join(tempDir('config-'), 'segment-criteria'), CTCT_CLIENT_ID: 'my-app' };
      const signIn = memoryIo({ env });
      assert.equal(await login([], signIn), 0, signIn.stderr);
      const { dir, file } = await pulled(env, 2);
      const io = memoryIo({ env, cwd: dir });
      assert.equal(await deleteCommand([file, '--yes'], io), 1);
      assert.match(io.stderr, /not deleted: the scheduled campaigns that may use segment 2 "Newsletter readers \(sample\)" cannot be checked, because your sign-in was not granted the campaign_data scope\. Sign in again and allow campaign_data \(`segment-criteria login --api-base-url [^`]+`\), or pass --force to delete without checking\./);
      assert.ok(live(sb, 2));
      const forced = memoryIo({ env, cwd: dir });
      assert.equal(await deleteCommand([file, '--yes', '--force'], forced), 0, forced.stderr);
      assert.match(forced.stderr, /Warning: deleting segment 2 "Newsletter readers \(sample\)" without checking the scheduled campaigns that may use it \(--force\)\./);
      assert.ok(!live(sb, 2));
      assert.ok(existsSync(join(dir, file)), 'the file is kept');
    } finally {
      await sb.close();
    }
  });

  it('--id deletes a segment no file is bound to, behind the same guards, and changes no file', async () => {
    const sb = await fastSandbox();
    try {
      const env = sandboxEnv(sb);
      const dir = tempDir('guard-');
      const run = async (args: string[], answers?: string[]) => {
        const io = memoryIo({ env, cwd: dir, ...(answers ? { answers } : {}) });
        return { code: await deleteCommand(args, io), out: io.stdout, err: io.stderr };
      };
      const refused = await run(['--id', '1', '--yes']);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /^Not deleted: segment 1 "Gold tier customers \(sample\)" is the audience of 2 scheduled campaigns:\n.*Summer Sale Preview/);
      assert.ok(live(sb, 1));
      const unasked = await run(['--id', '1', '--force']);
      assert.equal(unasked.code, 1);
      assert.match(unasked.err, /Warning: deleting segment 1 .* anyway \(--force\)[\s\S]*needs confirmation: pass --yes\./);
      assert.ok(live(sb, 1));

      const no = await run(['--id', '2'], ['n']);
      assert.equal(no.code, 1);
      assert.match(no.err, /Delete segment 2 "Newsletter readers \(sample\)" from "[^"]+" at 127\.0\.0\.1:\d+\? \[y\/N\] Not deleted\./);
      assert.ok(live(sb, 2));
      const yes = await run(['--id', '2'], ['y']);
      assert.equal(yes.code, 0, yes.err);
      assert.equal(yes.out, 'Segment 2 "Newsletter readers (sample)" deleted.\n');
      assert.ok(!live(sb, 2));
      const again = await run(['--id', '2', '--yes']);
      assert.equal(again.code, 0, again.err);
      assert.match(again.err, /Segment 2 was already deleted\./);
      assert.equal(again.out, '');

      const missing = await run(['--id', '999999', '--yes']);
      assert.equal(missing.code, 1);
      assert.match(missing.err, /Segment 999999 is not in "[^"]+" at 127\.0\.0\.1:\d+: nothing was deleted\. Check the id\./);
      assert.deepEqual(readdirSync(dir), [], 'no file is written');

      await assert.rejects(run(['x.segment.json', '--id', '2']), /delete takes a file or --id, not both/);
      await assert.rejects(run(['--id', '2x']), /--id takes a segment id, a whole number \(got "2x"\)/);
      await assert.rejects(run([]), /delete takes one file, or a segment id with --id/);
    } finally {
      await sb.close();
    }
  });
});
