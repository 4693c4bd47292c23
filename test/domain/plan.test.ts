// Plans for a folder: each decision deploy would make, what was seen when making it, the plan as a file,
// and applying only while the plan holds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyFolder, comparePlans, fileSha256, makePlan, planStatus, type Plan, type PlanContext, type PlanTarget } from '../../domain/src/plan.js';
import { deployOne } from '../../domain/src/deploy.js';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import { PlanFileError, planToJson, readPlan } from '../../domain/src/planFile.js';
import { remoteHash } from '../../domain/src/remoteSegment.js';
import { contentHash, renderSegmentFile } from '../../domain/src/segmentFile.js';
import type { CtctClient } from '../../api/src/client.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';

const crit = (state: string) => ({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: state }] } });

describe('plan and apply (domain)', () => {
  let sb: Sandbox;
  let client: CtctClient;
  let ctx: PlanContext;
  const live = () => [...sb.state.segments.values()].filter((s) => !s.deleted_at);
  const snapshot = () => JSON.stringify([...sb.state.segments.values()]);

  /** A file bound to a new remote segment that holds `remoteState`, its sync record saying it saw `seenState`. */
  async function bound(name: string, fileState: string, remoteState = fileState, seenState = remoteState): Promise<{ text: string; id: number }> {
    const s = await client.createSegment({ name, segment_criteria: JSON.stringify(crit(remoteState)) });
    const sync = { account: 'sandbox-sample', api: ctx.api, hash: contentHash(name, crit(seenState)), edited_at: s.edited_at! };
    return { text: renderSegmentFile({ name, criteria: crit(fileState), segmentId: s.segment_id, sync }), id: s.segment_id };
  }
  const unbound = (name: string, state = 'MA') => renderSegmentFile({ name, criteria: crit(state) });

  before(async () => {
    sb = await fastSandbox();
    client = fastClient(sb);
    ctx = { client, account: 'sandbox-sample', api: new URL(sb.baseUrl).host };
  });
  after(() => sb.close());

  it('decides each file as deploy would, recording hashes and the remote as read', async () => {
    const same = await bound('Plan unchanged', 'MA');
    const edited = await bound('Plan update', 'RI', 'MA');
    const clash = await bound('Plan remote edited', 'VT', 'CT', 'MA');
    const loose = await client.createSegment({ name: 'Plan nobody manages', segment_criteria: JSON.stringify(crit('ME')) });
    const targets: PlanTarget[] = [
      { path: 'a.segment.json', text: unbound('Plan create') },
      { path: 'b.segment.json', text: same.text },
      { path: 'c.segment.json', text: edited.text },
      { path: 'd.segment.json', text: clash.text },
      { path: 'e.segment.json', text: JSON.stringify({ name: 'Plan invalid', segment_criteria: { version: '1.0.0', criteria: { type: 'or', group: [] } } }) },
      { path: 'f.segment.json', text: '{"name": ' },
    ];
    const before = snapshot();
    const plan = await makePlan(targets, ctx);
    assert.equal(snapshot(), before, 'planning writes nothing');
    assert.deepEqual(
      plan.files.map((f) => [f.path, f.action === 'refused' ? `refused:${f.refusal.reason}` : f.action]),
      [
        ['a.segment.json', 'create'],
        ['b.segment.json', 'unchanged'],
        ['c.segment.json', 'update'],
        ['d.segment.json', 'refused:remote-edited'],
        ['e.segment.json', 'refused:invalid'],
        ['f.segment.json', 'refused:invalid'],
      ],
    );
    for (const [i, f] of plan.files.entries()) assert.equal(f.sha256, fileSha256(targets[i]!.text));
    const c = plan.files[2]!;
    const remote = sb.state.segments.get(edited.id)!;
    assert.deepEqual(c.remote, { hash: remoteHash({ ...remote }), edited_at: remote.edited_at });
    assert.equal(c.segment_id, edited.id);
    assert.equal(plan.files[0]!.remote, undefined);
    const e = plan.files[4]!;
    assert.ok(e.action === 'refused' && e.refusal.reason === 'invalid' && e.refusal.diagnostics.length > 0 && e.refusal.diagnostics[0]!.line === 1);
    const f = plan.files[5]!;
    assert.ok(f.action === 'refused' && f.refusal.reason === 'invalid' && /not valid JSON/.test(f.refusal.fileError ?? ''));
    assert.equal(planStatus(plan), 'refused');
    // Every live segment not bound by a file is listed; the bound ones are not.
    const managed = new Set([same.id, edited.id, clash.id]);
    assert.deepEqual(
      plan.unmanaged.map((s) => s.segment_id).sort((x, y) => x - y),
      live()
        .map((s) => s.segment_id)
        .filter((id) => !managed.has(id))
        .sort((x, y) => x - y),
    );
    assert.deepEqual(plan.unmanaged.find((s) => s.segment_id === loose.segment_id), { segment_id: loose.segment_id, name: 'Plan nobody manages', edited_at: loose.edited_at });
  });

  it('refuses two files with one segment_id, and says nothing to do when all is up to date', async () => {
    const same = await bound('Plan twice', 'NH');
    const dup = await makePlan([{ path: 'x.segment.json', text: same.text }, { path: 'y.segment.json', text: same.text }], ctx);
    assert.ok(dup.files.every((f) => f.action === 'refused' && f.refusal.reason === 'duplicate-segment-id'));
    const one = await makePlan([{ path: 'x.segment.json', text: same.text }], ctx);
    assert.equal(planStatus(one), 'nothing-to-do');
    const pending = await makePlan([{ path: 'n.segment.json', text: unbound('Plan pending') }], ctx);
    assert.equal(planStatus(pending), 'changes-pending');
  });

  it('refuses every file of a name another file has (letter case and spaces aside), naming them all', async () => {
    const targets: PlanTarget[] = [
      { path: 'one.segment.json', text: unbound('Plan twins') },
      { path: 'two.segment.json', text: unbound(' plan TWINS', 'RI') },
      { path: 'solo.segment.json', text: unbound('Plan single') },
    ];
    const plan = await makePlan(targets, ctx);
    const refusal = { reason: 'duplicate-name', name: 'Plan twins', paths: ['one.segment.json', 'two.segment.json'] };
    assert.deepEqual(plan.files[0]!.action === 'refused' && plan.files[0]!.refusal, refusal);
    assert.deepEqual(plan.files[1]!.action === 'refused' && plan.files[1]!.refusal, refusal);
    assert.equal(plan.files[2]!.action, 'create');
    // Applying it creates neither twin: no plan is ever carried out half-way over a shared name.
    const r = await applyFolder(targets, ctx);
    assert.equal(r.kind, 'applied');
    assert.deepEqual(r.kind === 'applied' && r.results.map((x) => x.outcome.kind), ['refused', 'refused', 'created']);
    assert.equal(live().filter((s) => s.name.toLowerCase().includes('plan twins')).length, 0);
  });

  it('reads back what it writes, and refuses another version or a damaged plan', async () => {
    const plan = await makePlan([{ path: 'r.segment.json', text: unbound('Plan round trip') }], ctx);
    assert.deepEqual(readPlan(planToJson(plan)), plan);
    assert.equal(JSON.parse(planToJson(plan)).version, 1);
    const problem = (text: string) => {
      try {
        readPlan(text);
      } catch (e) {
        return e instanceof PlanFileError ? e.problem : 'other';
      }
      return 'none';
    };
    assert.equal(problem('{'), 'not-json');
    assert.equal(problem('{"files": []}'), 'not-a-plan');
    assert.equal(problem(planToJson({ ...plan, version: 2 as 1 })), 'version');
    assert.equal(problem(planToJson({ ...plan, files: [{ ...plan.files[0]!, sha256: 'abc' }] })), 'damaged');
  });

  it('names each difference from a plan: files changed, added or removed, a remote edited, another account', async () => {
    const b = await bound('Plan compare', 'MA');
    const planned = await makePlan([{ path: 'b.segment.json', text: b.text }, { path: 'gone.segment.json', text: unbound('Plan gone') }], ctx);
    assert.deepEqual(comparePlans(planned, planned), []);
    // Same content, but the remote was saved again: its edited_at alone tells.
    const laterEdit: Plan = { ...planned, files: planned.files.map((f) => (f.remote ? { ...f, remote: { ...f.remote, edited_at: '2099-01-01T00:00:00Z' } } : f)) };
    assert.deepEqual(comparePlans(planned, laterEdit).map((d) => d.kind), ['remote-changed']);
    const fresh = await makePlan([{ path: 'b.segment.json', text: b.text.replace('"MA"', '"ME"') }, { path: 'new.segment.json', text: unbound('Plan new') }], ctx);
    assert.deepEqual(comparePlans(planned, fresh).map((d) => `${d.kind}:${'path' in d ? d.path : ''}`), ['file-changed:b.segment.json', 'file-removed:gone.segment.json', 'file-added:new.segment.json']);
    assert.deepEqual(comparePlans(planned, { ...planned, account: 'other' }).map((d) => d.kind), ['account']);
  });

  it('applies nothing when the plan no longer holds', async () => {
    const b = await bound('Plan held', 'MA');
    const targets = [{ path: 'b.segment.json', text: b.text.replace('"MA"', '"RI"') }, { path: 'n.segment.json', text: unbound('Plan held new') }];
    const planned = await makePlan(targets, ctx);
    await client.updateSegment(b.id, { name: 'Plan held', segment_criteria: JSON.stringify(crit('CT')) });
    const before = snapshot();
    const r = await applyFolder(targets, ctx, { plan: planned });
    assert.equal(r.kind, 'differs');
    assert.ok(r.kind === 'differs' && r.differences.some((d) => d.kind === 'remote-changed' && d.segmentId === b.id));
    assert.equal(snapshot(), before);
  });

  it('carries out a plan that holds, asks beforeWrite first, and never deletes', async () => {
    const b = await bound('Plan apply update', 'MA');
    const targets = [
      { path: 'b.segment.json', text: b.text.replace('"MA"', '"RI"') },
      { path: 'n.segment.json', text: unbound('Plan apply new') },
      { path: 'held.segment.json', text: unbound('Plan apply held back') },
    ];
    const planned = await makePlan(targets, ctx);
    const liveBefore = live().map((s) => s.segment_id);
    const asked: string[] = [];
    const seen: string[] = [];
    const r = await applyFolder(targets, ctx, {
      plan: planned,
      beforeWrite: async (t, d) => {
        asked.push(`${t.path}:${d.kind}`);
        return t.path === 'held.segment.json' ? { reason: 'name-taken', action: 'create', name: 'held for the test', conflict: false } : undefined;
      },
      onResult: (res) => void seen.push(`${res.entry.path}:${res.outcome.kind}`),
    });
    assert.equal(r.kind, 'applied');
    assert.deepEqual(asked, ['b.segment.json:update', 'n.segment.json:create', 'held.segment.json:create']);
    assert.deepEqual(seen, ['b.segment.json:updated', 'n.segment.json:created', 'held.segment.json:refused']);
    assert.match(sb.state.segments.get(b.id)!.segment_criteria, /"RI"/);
    assert.ok(live().some((s) => s.name === 'Plan apply new'));
    assert.ok(!live().some((s) => s.name === 'Plan apply held back'), 'a refusal from beforeWrite writes nothing');
    for (const id of liveBefore) assert.ok(!sb.state.segments.get(id)!.deleted_at, `segment ${id} is still live`);
  });

  it('deploy asks the same beforeWrite before writing, never on a dry run', async () => {
    const file = parseSegmentFile(unbound('Deploy held back'), 'h.segment.json');
    const deployCtx = { ...ctx, liveSegments: await client.listSegments() };
    let asked = 0;
    const beforeWrite = async () => {
      asked++;
      return { reason: 'name-taken' as const, action: 'create' as const, name: 'held for the test', conflict: false };
    };
    assert.equal((await deployOne({ path: 'h.segment.json', file }, deployCtx, { dryRun: true, beforeWrite })).kind, 'would-create');
    assert.equal(asked, 0);
    const out = await deployOne({ path: 'h.segment.json', file }, deployCtx, { beforeWrite });
    assert.equal(asked, 1);
    assert.deepEqual(out, { kind: 'refused', reason: 'name-taken', action: 'create', name: 'held for the test', conflict: false });
    assert.ok(!live().some((s) => s.name === 'Deploy held back'));
  });
});
