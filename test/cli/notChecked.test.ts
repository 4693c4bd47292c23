/**
 * A file the checker could not read through (over its size limit) is not checked, so nothing is known
 * about it: every command that sends it or produces its request body refuses it, saying why, before any
 * request that would change the account. A segment name over the API's limit is caught the same way, by
 * the checker before deploy and by rename before any request.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { count } from '../../cli/src/commands/count.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { diff } from '../../cli/src/commands/diff.js';
import { escape } from '../../cli/src/commands/escape.js';
import { apply, plan } from '../../cli/src/commands/plan.js';
import { preview } from '../../cli/src/commands/preview.js';
import { rename } from '../../cli/src/commands/rename.js';
import { UsageError } from '../../cli/src/usage.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { LIMITS } from '../../server/src/language/vocabulary.js';
import { fastSandbox } from '../api/sandboxFixture.js';
import { commentedSegment, memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

type Command = (a: string[], io: ReturnType<typeof memoryIo>) => Promise<number>;

describe('a file too large to check, and a name too long, against the sandbox', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  /** Every request the sandbox answered, as `METHOD /path`. */
  const seen: string[] = [];
  const writes = () => seen.filter((l) => !l.startsWith('GET '));
  const run = async (cmd: Command, args: string[]) => {
    const io = memoryIo({ env, cwd: dir });
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  /** A valid segment, past the checker's limit by a long comment (a pasted log, say): still valid JSON with comments. */
  const tooLarge = (name: string) => `${commentedSegment(name, 'RI')}/* ${'x'.repeat(LIMITS.maxDocumentChars)} */\n`;

  before(async () => {
    sb = await fastSandbox({ log: (line) => seen.push(line) });
    env = sandboxEnv(sb);
    dir = tempDir('not-checked-');
    writeFileSync(join(dir, 'big.segment.json'), tooLarge('Too large to check'));
  });
  after(() => sb.close());

  const refusals: [string, Command, string[], RegExp][] = [
    ['escape', escape, ['big.segment.json'], /not escaped/],
    ['deploy --dry-run', deploy, ['big.segment.json', '--dry-run'], /not deployed/],
    ['deploy', deploy, ['big.segment.json'], /not deployed/],
    ['plan', plan, ['big.segment.json'], /big\.segment\.json: refused/],
    ['apply', apply, ['big.segment.json'], /big\.segment\.json: refused/],
    ['preview --draft', preview, ['big.segment.json', '--draft'], /not previewed/],
    ['count --draft', count, ['big.segment.json', '--draft'], /not counted/],
    ['diff', diff, ['big.segment.json'], /not compared/],
  ];
  for (const [name, cmd, args, refused] of refusals) {
    it(`${name} refuses it, saying it is too large to check and Constant Contact's own limit, and sends nothing`, async () => {
      const before = { segments: sb.state.segments.size, writes: writes().length };
      const r = await run(cmd, args);
      assert.equal(r.code, 1, r.err);
      // On stderr, but for plan, whose plan (refusals included) is its output.
      const said = name === 'plan' ? r.out : r.err;
      assert.match(said, /:1:1: error too-large This document is too large to check: [\d,]+ characters, over the checker's limit of 10,485,760\./);
      assert.match(said, /at most 20,000 characters/);
      assert.match(said, refused);
      assert.doesNotMatch(r.out, /would create|created segment|segment_criteria|^\s*create\b/m);
      assert.deepEqual(writes().slice(before.writes), [], 'no request that changes the account');
      assert.equal(sb.state.segments.size, before.segments, 'no segment made, not even a temporary one');
    });
  }

  it('the same file under the limit is deployed (the refusal is the size, not the content)', async () => {
    writeFileSync(join(dir, 'small.segment.json'), commentedSegment('Too large to check', 'RI'));
    const r = await run(deploy, ['small.segment.json', '--dry-run']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /would create/);
  });

  it('deploy refuses a name over the limit before sending it; one at the limit is created', async () => {
    const long = 'N'.repeat(LIMITS.maxNameChars + 1);
    writeFileSync(join(dir, 'long.segment.json'), commentedSegment(long));
    const before = writes().length;
    const r = await run(deploy, ['long.segment.json']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /error name-too-long The segment name is 256 characters long: Constant Contact accepts at most 255\./);
    assert.match(r.err, /long\.segment\.json: not deployed/);
    assert.deepEqual(writes().slice(before), []);

    writeFileSync(join(dir, 'at-limit.segment.json'), commentedSegment('M'.repeat(LIMITS.maxNameChars)));
    const ok = await run(deploy, ['at-limit.segment.json']);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /created segment \d+/);
  });

  it('rename refuses a name over the limit, and a blank one, before any request', async () => {
    const requests = sb.requests;
    await assert.rejects(run(rename, ['at-limit.segment.json', 'R'.repeat(300)]), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.message, 'The new name is 300 characters long; Constant Contact accepts a segment name of at most 255. Nothing was renamed.');
      return true;
    });
    await assert.rejects(run(rename, ['at-limit.segment.json', ' \t ']), /The new name is empty\./);
    assert.equal(sb.requests, requests, 'no request at all');
    const r = await run(rename, ['at-limit.segment.json', 'R'.repeat(LIMITS.maxNameChars)]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /renamed from "M{255}" to "R{255}"/);
  });
});
