import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sandbox } from '../../cli/src/commands/sandbox.js';
import { memoryIo, tempDir } from './cliFixture.js';

describe('sandbox command', () => {
  it('prints the base URL and token, then one line per request without the token', async () => {
    const io = memoryIo();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const running = sandbox(['--port', '0', '--no-rate-limit'], io, stopped);
    while (!io.stdout.includes('Access token: ')) await new Promise((r) => setImmediate(r));
    const [first, second] = io.stdout.split('\n');
    assert.match(first!, /^API base URL: http:\/\/127\.0\.0\.1:\d+\/v3$/);
    assert.match(second!, /^Access token: sandbox_[0-9a-f]{32}$/);
    const base = first!.slice('API base URL: '.length);
    const token = second!.slice('Access token: '.length);
    const r = await fetch(`${base}/account/summary`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);
    stop();
    assert.equal(await running, 0);
    const lines = io.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[2]!, /^GET \/v3\/account\/summary 200 \d+ms$/);
  });

  it('explains a bad data file and a bad port', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data.json'), '{"account": 1}');
    const io = memoryIo({ cwd: dir });
    assert.equal(await sandbox(['--data', 'data.json'], io, Promise.resolve()), 2);
    assert.match(io.stderr, /does not have the sandbox's format \(see docs\/sandbox\.md\)/);
    await assert.rejects(sandbox(['--port', 'x'], memoryIo(), Promise.resolve()), /--port takes a whole number/);
  });
});
