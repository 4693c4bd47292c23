/**
 * A reader that goes away before the output ends (`| head -c 200`, `| true`) closes the pipe: the built CLI
 * then ends quietly, with its own exit code (0 when done), never with Node's EPIPE stack trace. The outputs
 * here are far larger than a pipe holds, so the CLI is still writing when the reader goes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { tempDir } from './cliFixture.js';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

/** The built CLI with a reader that closes stdout after its first chunk, or (`early`) before reading anything. */
function runClosingStdout(args: string[], cwd: string, early = false): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = 0;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (early) child.stdout.destroy();
    else
      child.stdout.once('data', (d: Buffer) => {
        read = d.length;
        child.stdout.destroy();
      });
    child.on('close', (code) => done({ code, stderr, read }));
  });
}

describe('a closed stdout', () => {
  let dir: string;
  before(() => {
    dir = tempDir('closed-');
    // About 1.5 MB of criteria: many times what a pipe holds.
    const group = Array.from({ length: 20_000 }, (_, i) => ({ source: 'contact', field: 'city', op: 'eq', value: `Town ${i}` }));
    const criteria = { version: '1.0.0', criteria: { type: 'and', group } };
    writeFileSync(join(dir, 'big.segment.json'), JSON.stringify({ name: 'Big', segment_criteria: criteria }));
    writeFileSync(join(dir, 'big.body.json'), JSON.stringify({ name: 'Big', segment_criteria: JSON.stringify(criteria) }));
  });

  for (const [what, args] of [
    ['escape FILE --no-check | head -c 200', ['escape', 'big.segment.json', '--no-check']],
    ['unescape FILE | head -c 200', ['unescape', 'big.body.json']],
  ] as const) {
    it(`${what} ends quietly with exit 0`, async () => {
      const r = await runClosingStdout([...args], dir);
      assert.ok(r.read > 0, 'the reader got the start of the output');
      assert.equal(r.stderr, '', 'nothing on stderr');
      assert.equal(r.code, 0);
    });
  }

  it('unescape FILE | true (the reader never reads) ends quietly with exit 0', async () => {
    const r = await runClosingStdout(['unescape', 'big.body.json'], dir, true);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  it('the command still says what went wrong: its exit code and stderr are its own', async () => {
    writeFileSync(join(dir, 'bad.body.json'), '{"name": 1}');
    const r = await runClosingStdout(['unescape', 'bad.body.json'], dir, true);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /"name" is missing/);
    assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /);
  });
});
