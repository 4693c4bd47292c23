// Segment names are unique in an account: plan, apply and deploy of a folder refuse files that share a name
// before anything is created, refuse a name a live segment holds at plan time, and word a name taken
// meanwhile (409) once.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deploy } from '../../cli/src/commands/deploy.js';
import { apply, plan } from '../../cli/src/commands/plan.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { commentedSegment, memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

describe('files that share a segment name', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let root: string;
  const live = () => [...sb.state.segments.values()].filter((s) => !s.deleted_at);
  const named = (name: string) => live().filter((s) => s.name.toLowerCase() === name.toLowerCase());
  const run = async (cmd: typeof plan, args: string[], clientOptions: Record<string, unknown> = {}) => {
    const io = memoryIo({ env, cwd: root });
    io.clientOptions = { ...io.clientOptions, ...clientOptions };
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  /** A fresh folder under the root with these files (name → content). */
  const folder = (name: string, files: Record<string, string>) => {
    mkdirSync(join(root, name));
    for (const [f, text] of Object.entries(files)) writeFileSync(join(root, name, f), text);
    return name;
  };
  const contents = (dir: string) => Object.fromEntries(readdirSync(join(root, dir)).map((f) => [f, readFileSync(join(root, dir, f), 'utf8')]));

  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
    root = tempDir('same-name-');
  });
  after(() => sb.close());

  const twinsLine = (dir: string) => `The name "Twins" is in ${dir}/a.segment.json and ${dir}/b.segment.json: segment names are unique in an account (letter case aside), so only one of these files could be deployed. Give each file a name of its own.`;

  it('plan refuses both files, naming both paths and the name, and plans the others', async () => {
    const dir = folder('plan', { 'a.segment.json': commentedSegment('Twins'), 'b.segment.json': commentedSegment('twins ', 'RI'), 'c.segment.json': commentedSegment('Single') });
    const r = await run(plan, [dir]);
    assert.equal(r.code, 1, r.err);
    assert.ok(r.out.includes(`${dir}/a.segment.json: refused (duplicate name): ${twinsLine(dir)}\n`), r.out);
    assert.ok(r.out.includes(`${dir}/b.segment.json: refused (duplicate name): ${twinsLine(dir)}\n`), r.out);
    assert.match(r.out, /^plan\/c\.segment\.json: create segment "Single"$/m);
    assert.match(r.out, /^Plan: 1 to create, 0 to update, 0 unchanged, 2 refused\.$/m);
  });

  it('apply of a plan that said "create" for both changes nothing: the plan no longer holds', async () => {
    const dir = folder('old-plan', { 'a.segment.json': commentedSegment('Twins'), 'b.segment.json': commentedSegment('Twins', 'RI') });
    assert.equal((await run(plan, [dir, '--out', 'old-plan.json'])).code, 1);
    // As a plan made before the names were compared: both files to create.
    const made = JSON.parse(readFileSync(join(root, 'old-plan.json'), 'utf8'));
    for (const f of made.files) {
      f.action = 'create';
      delete f.refusal;
    }
    writeFileSync(join(root, 'old-plan.json'), JSON.stringify(made));
    const before = contents(dir);
    const r = await run(apply, [dir, '--plan', 'old-plan.json']);
    assert.equal(r.code, 1);
    assert.match(r.err, /old-plan\/a\.segment\.json: the plan said create; deploy would now decide refused:duplicate-name\./);
    assert.match(r.err, /Nothing was changed: the plan no longer holds/);
    assert.deepEqual(named('Twins'), []);
    assert.deepEqual(contents(dir), before);
    // A fresh apply refuses both and creates neither.
    const fresh = await run(apply, [dir]);
    assert.equal(fresh.code, 1);
    assert.ok(fresh.err.includes(`${dir}/a.segment.json: refused (duplicate name): ${twinsLine(dir)}`), fresh.err);
    assert.match(fresh.out, /Applied: 0 created, 0 updated, 0 unchanged, 2 refused\./);
    assert.deepEqual(named('Twins'), []);
  });

  it('deploy of the folder, and its dry run, refuse both before creating anything, and deploy the others', async () => {
    const dir = folder('deploy', { 'a.segment.json': commentedSegment('Twins'), 'b.segment.json': commentedSegment('Twins', 'RI'), 'c.segment.json': commentedSegment('Deployed single') });
    const before = contents(dir);
    const dry = await run(deploy, [dir, '--dry-run']);
    assert.equal(dry.code, 1);
    assert.ok(dry.err.includes(`${twinsLine(dir)}\n`), dry.err);
    assert.equal(dry.out, `${dir}/c.segment.json: would create segment "Deployed single".\n`);
    const r = await run(deploy, [dir]);
    assert.equal(r.code, 1);
    assert.ok(r.err.includes(`${twinsLine(dir)}\n`), r.err);
    assert.match(r.out, /^deploy\/c\.segment\.json: created segment \d+ "Deployed single"\.$/m);
    assert.doesNotMatch(r.out + r.err, /Twins".*created|not created/);
    assert.deepEqual(named('Twins'), []);
    assert.equal(contents(dir)['a.segment.json'], before['a.segment.json']);
    assert.equal(contents(dir)['b.segment.json'], before['b.segment.json']);
  });

  it('plan refuses a new file whose name a live segment has, naming that segment', async () => {
    const held = await fastClient(sb).createSegment({ name: 'Held already', segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'NH' }] } }) });
    const dir = folder('held', { 'h.segment.json': commentedSegment('HELD already') });
    const r = await run(plan, [dir]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, new RegExp(`^held/h\\.segment\\.json: refused \\(name taken\\): not created\\. The name "HELD already" is already used by segment ${held.segment_id} in this account\\.`, 'm'));
  });

  it('apply words a name taken meanwhile (409) once: "not created (409)"', async () => {
    const dir = folder('raced', { 'r.segment.json': commentedSegment('Raced name') });
    let holder: number | undefined;
    // Another user takes the name between the plan's list of segments and the create.
    const racing: typeof fetch = async (input, init) => {
      if (holder === undefined && init?.method === 'POST' && String(input).endsWith('/segments')) {
        holder = (await fastClient(sb).createSegment({ name: 'Raced name', segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'VT' }] } }) })).segment_id;
      }
      return fetch(input, init);
    };
    const r = await run(apply, [dir], { fetch: racing });
    assert.equal(r.code, 1);
    assert.ok(holder !== undefined);
    assert.match(r.err, new RegExp(`^raced/r\\.segment\\.json: not created \\(409\\)\\. The name "Raced name" is already used by segment ${holder} in this account\\.`, 'm'));
    assert.doesNotMatch(r.err, /not created: not created/);
    assert.match(r.out, /Applied: 0 created, 0 updated, 0 unchanged, 1 refused\./);
  });
});
