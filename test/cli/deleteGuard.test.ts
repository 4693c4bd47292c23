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
});
