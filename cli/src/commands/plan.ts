/**
 * `segment-criteria plan DIR... [--out FILE] [--format text|json] [--diff] [--strict]`: per file, what
 * deploy would do (create, update, unchanged, refused and why), and the account's segments no file
 * manages. Writes nothing but the plan file. Exit 0 nothing to do, 3 changes pending, 1 a file refused
 * (or the API failed), 2 called wrongly or a file missing or unreadable.
 *
 * `segment-criteria apply DIR... [--plan FILE] [--strict] [--max-change PCT]`: carries out a fresh plan, or
 * a plan file only while every file and bound segment is as it saw them (otherwise nothing is changed).
 * With --max-change, an update whose audience change is above PCT is refused, as by deploy. Writes
 * `segment_id` and `sync` back as deploy does. Never deletes a segment. Exit 0 done, 1 a file refused or failed or the
 * plan no longer holds, 2 called wrongly or a file (or the plan file) missing or unreadable.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { ApiError } from '../../../api/src/errors';
import { applyFolder, makePlan, planStatus, type ApplyEntryResult, type Plan, type PlanTarget } from '../../../domain/src/plan';
import { PlanFileError, planToJson, readPlan } from '../../../domain/src/planFile';
import { sameSync } from '../../../domain/src/syncRecord';
import { UsageError } from '../usage';
import { parseMaxChange } from './audienceMessages';
import { cancelOnSignal } from './cancelOnSignal';
import { connectOrExplain, type Connection } from './connect';
import { cancelled, writeBack, writeGuard } from './deploy';
import { deployMessage } from './deployMessages';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { planFileUnreadable } from './namedFiles';
import { differenceText, entryText, planFileProblem, refusalText } from './planMessages';
import { readSegmentText, UnreadableFileError } from './readSegmentText';
import { segmentFiles } from './segmentFiles';
import { quoted } from './terminalText';

/** The segment files under the given paths, read; undefined (after saying why) when any is missing or unreadable. */
async function readTargets(command: string, paths: string[], io: CliIo): Promise<PlanTarget[] | undefined> {
  if (paths.length === 0) throw new UsageError(`Name the folders (or files) to ${command}, e.g. segment-criteria ${command} segments/`);
  const { files, missing, problems } = await segmentFiles(paths.map((p) => resolve(io.cwd, p)));
  const shown = (p: string) => (p.startsWith(io.cwd + '/') ? p.slice(io.cwd.length + 1) : p);
  let unreadable = missing.length > 0 || problems.length > 0;
  for (const m of missing) io.err(`${shown(m)}: no such file or folder.\n`);
  for (const p of problems) io.err(`${shown(p)}\n`);
  const targets = new Map<string, PlanTarget>();
  for (const abs of files) {
    const path = shown(abs);
    if (targets.has(path)) continue;
    try {
      targets.set(path, { path, text: readSegmentText(abs, path) });
    } catch (e) {
      io.err(`${e instanceof UnreadableFileError ? e.message : `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? e}).`}\n`);
      unreadable = true;
    }
  }
  // A plan that leaves out a file it cannot read would show less than is there: no plan at all.
  if (unreadable) {
    io.err(`Nothing was ${command === 'plan' ? 'planned' : 'changed'}: fix the paths or files above and run ${command} again.\n`);
    return undefined;
  }
  if (targets.size === 0) io.err(`No .segment.json files in ${paths.join(', ')}.\n`);
  return [...targets.values()];
}

async function signedIn(conn: Connection, io: CliIo, doing: string): Promise<{ account: string; api: string }> {
  const account = await conn.account();
  io.err(`${doing} ${quoted(account.organization_name ?? account.encoded_account_id)} (account ${account.encoded_account_id}) at ${conn.apiHost}, token from ${conn.tokenFrom}.\n`);
  return { account: account.encoded_account_id, api: conn.apiHost };
}

export async function plan(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('plan', argv, { ...CONNECTION_OPTIONS, out: { type: 'string', short: 'o' }, format: { type: 'string' }, diff: { type: 'boolean' }, strict: { type: 'boolean' } });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format takes "text" or "json".');
  const out = values.out !== undefined ? resolve(io.cwd, values.out) : undefined;
  if (values.out === '') throw new UsageError('--out needs a file name, e.g. --out plan.json');
  // Only a plan file is ever replaced: --out pointing at anything else is a mistake, not a wish.
  if (out && existsSync(out) && !isPlanFile(out)) {
    io.err(`${values.out} exists and is not a plan file: not overwritten. Choose another --out.\n`);
    return 2;
  }
  if (out && !isFolder(dirname(out))) {
    io.err(`${values.out}: its folder does not exist. Create it, or choose another --out.\n`);
    return 2;
  }
  const targets = await readTargets('plan', positionals, io);
  if (!targets) return 2;
  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  let made: Plan;
  try {
    const where = await signedIn(conn, io, 'Planning against');
    made = await makePlan(targets, { client: conn.client, ...where }, { strict: !!values.strict });
  } catch (e) {
    io.err(`${conn.explain(e)}\n`);
    return 1;
  }
  if (format === 'json') io.out(planToJson(made));
  else io.out(planText(made, !!values.diff));
  if (out) {
    try {
      writeFileAtomic(out, planToJson(made));
    } catch (e) {
      io.err(`Cannot write the plan to ${values.out} (${(e as NodeJS.ErrnoException).code ?? String(e)}); nothing was written.\n`);
      return 2;
    }
    io.err(`Wrote the plan to ${values.out}; carry it out with: segment-criteria apply ${positionals.join(' ')} --plan ${values.out}\n`);
  }
  const status = planStatus(made);
  return status === 'refused' ? 1 : status === 'changes-pending' ? 3 : 0;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isPlanFile(path: string): boolean {
  try {
    readPlan(readSegmentText(path));
    return true;
  } catch {
    return false;
  }
}

/** The plan for people: one line per file, the unmanaged segments, then the totals. */
export function planText(p: Plan, diffs: boolean): string {
  const lines: string[] = [];
  for (const e of p.files) {
    lines.push(entryText(e));
    const diff = e.action === 'update' ? e.diff : e.action === 'refused' && 'diff' in e.refusal ? e.refusal.diff : undefined;
    if (diffs && diff) lines.push(diff.replace(/\n$/, ''));
  }
  if (p.unmanaged.length) {
    lines.push(`Segments in the account that no file manages (listed only; plan and apply never delete): ${p.unmanaged.length}`);
    for (const s of p.unmanaged) lines.push(`  segment ${s.segment_id} ${quoted(s.name)}${s.edited_at ? ` (edited ${s.edited_at})` : ''}`);
  }
  const count = (a: string) => p.files.filter((f) => f.action === a).length;
  lines.push(`Plan: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged, ${count('refused')} refused.`);
  return `${lines.join('\n')}\n`;
}

export async function apply(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('apply', argv, { ...CONNECTION_OPTIONS, plan: { type: 'string' }, strict: { type: 'boolean' }, 'max-change': { type: 'string' } });
  const maxChange = values['max-change'] === undefined ? undefined : parseMaxChange(values['max-change']);
  if (values.plan !== undefined && values.strict) throw new UsageError('--strict is for a fresh plan; a plan file says itself whether it was made with --strict.');
  if (positionals.length === 0) throw new UsageError('Name the folders (or files) to apply, e.g. segment-criteria apply segments/ [--plan plan.json]');
  let planned: Plan | undefined;
  if (values.plan !== undefined) {
    let text: string;
    try {
      text = readSegmentText(resolve(io.cwd, values.plan), values.plan);
    } catch (e) {
      io.err(`${planFileUnreadable(values.plan, resolve(io.cwd, values.plan), e, positionals)}\n`);
      return 2;
    }
    try {
      planned = readPlan(text);
    } catch (e) {
      if (!(e instanceof PlanFileError)) throw e;
      io.err(`${planFileProblem(values.plan, e)}\n`);
      return 2;
    }
  }
  const targets = await readTargets('apply', positionals, io);
  if (!targets) return 2;
  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  const byPath = new Map(targets.map((t) => [t.path, t]));
  // Ctrl-C stops before the next write, as in deploy: the --max-change measurement in progress is cancelled
  // (its temporary segment deleted); a segment already being written is let finish and recorded in its file.
  const cancel = cancelOnSignal(io, conn, values);
  const notApplied: string[] = [];
  let ok = true;
  const done = { created: 0, updated: 0, unchanged: 0, refused: 0, failed: 0 };
  const onResult = ({ entry, outcome, target }: ApplyEntryResult) => {
    const path = entry.path;
    const text = byPath.get(path)!.text;
    switch (outcome.kind) {
      case 'created':
      case 'updated': {
        done[outcome.kind]++;
        io.out(`${deployMessage(path, outcome)}\n`);
        // Into the text that was decided on: deploy's write-back keeps any edit made since.
        ok = writeBack(io, resolve(io.cwd, path), { ...target!, text }, outcome.segment.segment_id, outcome.sync) && ok;
        return;
      }
      case 'unchanged':
        done.unchanged++;
        io.out(`${deployMessage(path, outcome)}\n`);
        if (!sameSync(target!.file.sync, outcome.sync)) ok = writeBack(io, resolve(io.cwd, path), { ...target!, text }, outcome.segmentId, outcome.sync) && ok;
        return;
      case 'refused':
        done.refused++;
        ok = false;
        // Refused when planned: said as the plan says it; refused when writing (409, beforeWrite): as deploy
        // says it, which names what was not done.
        io.err(`${entry.action === 'refused' ? entryText(entry) : `${path}: ${refusalText(path, outcome.refusal)}`}\n`);
        return;
      case 'failed':
        if (cancel.signal.aborted && outcome.error instanceof ApiError && outcome.error.kind === 'cancelled') {
          notApplied.push(path);
          return;
        }
        done.failed++;
        ok = false;
        io.err(`${path}: ${conn.explain(outcome.error)}\n`);
        return;
      case 'skipped':
        if (cancel.signal.aborted) {
          notApplied.push(path);
          return;
        }
        done.failed++;
        ok = false;
        io.err(`${path}: not tried, after the error above.\n`);
        return;
    }
  };
  try {
    const where = await signedIn(conn, io, planned ? `Checking the plan${planned.created_at ? ` made at ${planned.created_at}` : ''}, then applying to` : 'Applying to');
    // --max-change: each update's audience change is measured just before it is written.
    const beforeWrite = writeGuard(io, conn.client, cancel, maxChange);
    const afterEach = (r: ApplyEntryResult) => {
      cancel.writing(undefined);
      onResult(r);
    };
    const result = await applyFolder(targets, { client: conn.client, ...where }, { ...(planned ? { plan: planned } : { strict: !!values.strict }), onResult: afterEach, beforeWrite });
    if (result.kind === 'differs') {
      for (const d of result.differences) io.err(`${differenceText(d)}\n`);
      io.err(`Nothing was changed: the plan no longer holds. Review a new plan: segment-criteria plan ${positionals.join(' ')} --out ${values.plan}\n`);
      return 1;
    }
  } catch (e) {
    if (cancel.signal.aborted) return cancelled(io, 'applied', []);
    io.err(`${conn.explain(e)}\n`);
    if (e instanceof ApiError) io.err('Nothing more was changed after this error.\n');
    return 1;
  } finally {
    cancel.dispose();
  }
  io.out(`Applied: ${done.created} created, ${done.updated} updated, ${done.unchanged} unchanged, ${done.refused} refused${done.failed ? `, ${done.failed} failed` : ''}.\n`);
  if (notApplied.length) return cancelled(io, 'applied', notApplied);
  return cancel.exitCode(ok ? 0 : 1);
}
