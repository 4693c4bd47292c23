/**
 * `segment-criteria deploy FILE|DIR... [--force] [--dry-run] [--strict] [--max-change PCT]`: creates or
 * updates each file's segment, after checking it (with the account's lists, tags, fields and campaigns; with
 * --strict, criteria this product does not check are errors too) and refusing on errors. With --max-change,
 * an update that would change the audience (contacts entering plus leaving, over the deployed count) by
 * more than PCT percent is refused too; a new segment has no change. Writes `segment_id` and `sync` back
 * into the file with minimal edits (a dry run writes nothing). Exit 0 when every file deployed (or was up
 * to date) and was written back, or when there was nothing to deploy; 2 when a file is missing or could not
 * be read (not a regular file, not UTF-8); 1 otherwise.
 */
import { resolve } from 'node:path';
import { fetchAccountData, needsOf } from '../../../domain/src/accountData';
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { maxChangeCheck } from '../../../domain/src/audienceDiff';
import { deployOne, duplicateNames, duplicateSegmentIds, FATAL_API_ERRORS, type BeforeWrite, type DeployContext, type DeployTarget } from '../../../domain/src/deploy';
import { ApiError } from '../../../api/src/errors';
import type { CtctClient } from '../../../api/src/client';
import { SegmentFileError, parseSegmentFile, type SyncState } from '../../../domain/src/segmentFile';
import { planWriteBack, sameSync } from '../../../domain/src/syncRecord';
import { UsageError } from '../usage';
import { parseMaxChange, withinMaxChange } from './audienceMessages';
import { cancelledRunMessage } from './cancelMessages';
import { cancelOnSignal, type Cancellation } from './cancelOnSignal';
import { errorLines } from './checkFile';
import { deployMessage, duplicateNameMessage } from './deployMessages';
import { connectOrExplain } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { readSegmentText, UnreadableFileError } from './readSegmentText';
import { segmentFiles } from './segmentFiles';
import { quoted } from './terminalText';

/** Errors after which no further file can succeed. */
export const FATAL = FATAL_API_ERRORS;

export async function deploy(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('deploy', argv, {
    ...CONNECTION_OPTIONS,
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    strict: { type: 'boolean' },
    'max-change': { type: 'string' },
  });
  if (positionals.length === 0) throw new UsageError('Name the segment files or folders to deploy, e.g. segment-criteria deploy segments/');
  const maxChange = values['max-change'] === undefined ? undefined : parseMaxChange(values['max-change']);
  const { files, missing, problems } = await segmentFiles(positionals.map((p) => resolve(io.cwd, p)));
  const shown = (p: string) => (p.startsWith(io.cwd + '/') ? p.slice(io.cwd.length + 1) : p);
  let ok = true;
  for (const m of missing) io.err(`${shown(m)}: no such file or folder.\n`);
  // A file that is missing or cannot be read is never deployed, and the run ends with exit 2, as in `check`.
  let unreadable = missing.length > 0 || problems.length > 0;
  for (const p of problems) io.err(`${shown(p)}\n`);
  if (files.length === 0) {
    io.err('No .segment.json files to deploy.\n');
    // Nothing to do is done (exit 0), as in check; a path that could not be read is exit 2.
    return unreadable ? 2 : 0;
  }

  const targets: (DeployTarget & { text: string })[] = [];
  for (const abs of files) {
    const path = shown(abs);
    let text: string;
    try {
      text = readSegmentText(abs, path);
    } catch (e) {
      io.err(`${e instanceof UnreadableFileError ? e.message : `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? e}).`}\n`);
      unreadable = true;
      continue;
    }
    try {
      targets.push({ path, text, file: parseSegmentFile(text, path) });
    } catch (e) {
      if (!(e instanceof SegmentFileError)) throw e;
      io.err(`${e.message}\n`);
      ok = false;
    }
  }
  const dups = duplicateSegmentIds(targets);
  for (const [id, paths] of dups) {
    io.err(`segment_id ${id} is in ${paths.join(' and ')}: one segment is deployed from one file. Keep it in one file, and remove "segment_id" and "sync" from the copies to create new segments from them.\n`);
    ok = false;
  }
  const distinctIds = targets.filter((t) => t.file.segmentId === undefined || !dups.has(t.file.segmentId));
  // Names are unique in an account: of files sharing one, deploying would create one and refuse the rest.
  const sameNames = duplicateNames(distinctIds);
  for (const d of sameNames) {
    io.err(`${duplicateNameMessage(d.name, d.paths)}\n`);
    ok = false;
  }
  const todo = distinctIds.filter((t) => !sameNames.some((d) => d.paths.includes(t.path)));
  if (unreadable && todo.length === 0) return 2;

  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  // Ctrl-C cancels reads and the --max-change measurement (deleting its temporary segment), and stops before
  // the next write; a segment already being written is let finish and recorded in its file.
  const cancel = cancelOnSignal(io, conn, values);
  const { signal } = cancel;
  const left: string[] = todo.map((t) => t.path);
  try {
    const account = await conn.account();
    io.err(`${values['dry-run'] ? 'Dry run against' : 'Deploying to'} ${quoted(account.organization_name ?? account.encoded_account_id)} (account ${account.encoded_account_id}) at ${conn.apiHost}, token from ${conn.tokenFrom}.\n`);
    const accountData = await fetchAccountData(conn.client, needsOf(todo.map((t) => t.file.criteria)), { signal });
    // Decisions and writes are not under the signal: a write cut short could not be recorded in its file.
    const ctx: DeployContext = { client: conn.client, account: account.encoded_account_id, api: conn.apiHost, liveSegments: await conn.client.listSegments({ signal }) };
    const beforeWrite = writeGuard(io, conn.client, cancel, maxChange);
    for (const t of todo) {
      if (signal.aborted) break;
      left.shift();
      const errors = errorLines(t.path, t.text, { account: accountData, strict: !!values.strict });
      if (errors.length) {
        io.err(`${errors.join('\n')}\n${t.path}: not deployed: fix the errors above.\n`);
        ok = false;
        continue;
      }
      try {
        const outcome = await deployOne(t, ctx, { force: !!values.force, dryRun: !!values['dry-run'], beforeWrite }).finally(() => cancel.writing(undefined));
        const refused = outcome.kind === 'refused';
        // A refusal and what it is about go to stderr together; a dry run's plan is output.
        const say = refused ? io.err : io.out;
        say(`${deployMessage(t.path, outcome)}\n`);
        if ('diff' in outcome && outcome.diff) say(outcome.diff);
        if (refused) ok = false;
        // A dry run writes nothing, not even a sync record that is out of date.
        if (values['dry-run']) continue;
        if (outcome.kind === 'created' || outcome.kind === 'updated') ok = writeBack(io, resolve(io.cwd, t.path), t, outcome.segment.segment_id, outcome.sync) && ok;
        if (outcome.kind === 'unchanged' && !sameSync(t.file.sync, outcome.sync)) ok = writeBack(io, resolve(io.cwd, t.path), t, outcome.segmentId, outcome.sync) && ok;
      } catch (e) {
        if (signal.aborted) {
          left.unshift(t.path);
          break;
        }
        io.err(`${t.path}: ${conn.explain(e)}\n`);
        ok = false;
        if (e instanceof ApiError && FATAL.includes(e.kind)) break;
      }
    }
  } catch (e) {
    if (signal.aborted) return cancelled(io, 'deployed', left);
    io.err(`${conn.explain(e)}\n`);
    return 1;
  } finally {
    cancel.dispose();
  }
  if (signal.aborted && left.length) return cancelled(io, 'deployed', left);
  return cancel.exitCode(unreadable ? 2 : ok ? 0 : 1);
}

/** Said and returned when Ctrl-C stopped deploy or apply before the files in `left`. */
export function cancelled(io: CliIo, verb: 'deployed' | 'applied', left: string[]): number {
  io.err(`${cancelledRunMessage(verb, left)}\n`);
  return 130;
}

/**
 * The check before each write of deploy and apply: none after Ctrl-C, then the audience change measured
 * against `maxChange` (--max-change) if given, and none if Ctrl-C came meanwhile. A write that goes ahead is
 * told to `cancel`, so that a second Ctrl-C can say what it waits for.
 */
export function writeGuard(io: CliIo, client: CtctClient, cancel: Cancellation, maxChange: number | undefined): BeforeWrite {
  const check =
    maxChange === undefined
      ? undefined
      : maxChangeCheck(client, maxChange, {
          signal: cancel.signal,
          ...cancel.temporarySegments((id) => `Measuring the audience change through temporary segment ${id} (deleted afterwards).`),
          onMeasured: (path, change) => io.err(`${withinMaxChange(path, change, maxChange)}\n`),
        });
  const stopIfCancelled = () => {
    if (cancel.signal.aborted) throw new ApiError('cancelled', 'Cancelled.');
  };
  return async (target, decision) => {
    stopIfCancelled();
    const refusal = await check?.(target, decision);
    stopIfCancelled();
    if (!refusal) cancel.writing(target.path);
    return refusal;
  };
}


/**
 * Writes segment_id and sync into the text that was deployed. If the file changed while deploying, into
 * its new text only when that still parses and names the same segment (those newer edits are kept and not
 * deployed yet); otherwise nothing is written. False when nothing could be written.
 */
export function writeBack(io: CliIo, abs: string, t: DeployTarget & { text: string }, segmentId: number, sync: SyncState): boolean {
  const pullHint = `segment ${segmentId} holds what was deployed; to get a file bound to it: segment-criteria pull ${segmentId} --dir <folder>`;
  // The file is re-read just before the rename: a change in between means deciding again on the new text.
  for (let attempt = 0; attempt < 3; attempt++) {
    let current: string;
    try {
      current = readSegmentText(abs, t.path);
    } catch (e) {
      io.err(
        e instanceof UnreadableFileError
          ? `${e.message} It was not written; segment ${segmentId} exists in the account. Pull it to get a file for it: segment-criteria pull ${segmentId}\n`
          : `${t.path}: the file disappeared while deploying; segment ${segmentId} exists in the account. Pull it to get a file for it: segment-criteria pull ${segmentId}\n`,
      );
      return false;
    }
    const plan = planWriteBack(t, current, segmentId, sync);
    if (plan.kind === 'skip') {
      const what = plan.reason === 'unreadable' ? 'no longer reads as a segment file' : 'now names another segment';
      io.err(`${t.path}: the file changed while deploying and ${what}; nothing was written into it. The account's ${pullHint}\n`);
      return false;
    }
    if (plan.text !== current && !writeFileAtomic(abs, plan.text, { ifContentIs: current })) continue;
    if (plan.changedMeanwhile) io.err(`${t.path}: the file changed while deploying; your newer edits were kept and are not deployed yet.\n`);
    return true;
  }
  io.err(`${t.path}: the file kept changing while deploying; nothing was written into it. The account's ${pullHint}\n`);
  return false;
}
