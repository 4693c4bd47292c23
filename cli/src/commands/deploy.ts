/**
 * `segment-criteria deploy FILE|DIR... [--force] [--dry-run]`: creates or updates each file's segment,
 * after checking it (with the account's lists, tags, fields and campaigns) and refusing on errors. Writes
 * `segment_id` and `sync` back into the file with minimal edits. Exit 0 when every file deployed (or was
 * up to date), 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fetchAccountData, needsOf } from '../../../api/src/accountData';
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { deployOne, duplicateSegmentIds, type DeployContext, type DeployTarget } from '../../../api/src/deploy';
import { ApiError } from '../../../api/src/errors';
import { SegmentFileError, parseSegmentFile, setSyncFields, type SyncState } from '../../../api/src/segmentFile';
import { UsageError } from '../usage';
import { segmentFiles } from './check';
import { errorLines } from './checkFile';
import { connectOrExplain } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';

/** Errors after which no further file can succeed. */
export const FATAL: ApiError['kind'][] = ['unauthorized', 'forbidden', 'missing-scope', 'quota-exceeded', 'cancelled'];

export async function deploy(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('deploy', argv, { ...CONNECTION_OPTIONS, force: { type: 'boolean' }, 'dry-run': { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('Name the segment files or folders to deploy, e.g. segment-criteria deploy segments/');
  const { files, missing } = await segmentFiles(positionals.map((p) => resolve(io.cwd, p)));
  const shown = (p: string) => (p.startsWith(io.cwd + '/') ? p.slice(io.cwd.length + 1) : p);
  let ok = missing.length === 0;
  for (const m of missing) io.err(`${shown(m)}: no such file or folder.\n`);
  if (files.length === 0) {
    io.err('No .segment.json files to deploy.\n');
    return 1;
  }

  const targets: (DeployTarget & { text: string })[] = [];
  for (const abs of files) {
    const path = shown(abs);
    try {
      const text = readFileSync(abs, 'utf8');
      targets.push({ path, text, file: parseSegmentFile(text, path) });
    } catch (e) {
      io.err(`${e instanceof SegmentFileError ? e.message : `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? e}).`}\n`);
      ok = false;
    }
  }
  const dups = duplicateSegmentIds(targets);
  for (const [id, paths] of dups) {
    io.err(`segment_id ${id} is in ${paths.join(' and ')}: one segment is deployed from one file. Keep it in one file, and remove "segment_id" and "sync" from the copies to create new segments from them.\n`);
    ok = false;
  }
  const todo = targets.filter((t) => t.file.segmentId === undefined || !dups.has(t.file.segmentId));

  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  try {
    const account = await conn.account();
    io.err(`${values['dry-run'] ? 'Dry run against' : 'Deploying to'} "${account.organization_name ?? account.encoded_account_id}" (account ${account.encoded_account_id}) at ${conn.apiHost}, token from ${conn.tokenFrom}.\n`);
    const accountData = await fetchAccountData(conn.client, needsOf(todo.map((t) => t.file.criteria)));
    const ctx: DeployContext = { client: conn.client, account: account.encoded_account_id, api: conn.apiHost, liveSegments: await conn.client.listSegments() };
    for (const t of todo) {
      const errors = errorLines(t.path, t.text, { account: accountData });
      if (errors.length) {
        io.err(`${errors.join('\n')}\n${t.path}: not deployed: fix the errors above.\n`);
        ok = false;
        continue;
      }
      try {
        const outcome = await deployOne(t, ctx, { force: !!values.force, dryRun: !!values['dry-run'] });
        const refused = outcome.kind === 'refused';
        // A refusal and what it is about go to stderr together; a dry run's plan is output.
        const say = refused ? io.err : io.out;
        say(`${outcome.message}\n`);
        if ('diff' in outcome && outcome.diff) say(outcome.diff);
        if (refused) ok = false;
        if (outcome.kind === 'created' || outcome.kind === 'updated') writeBack(io, resolve(io.cwd, t.path), t, outcome.segment.segment_id, outcome.sync);
        if (outcome.kind === 'unchanged' && !sameSync(t.file.sync, outcome.sync)) writeBack(io, resolve(io.cwd, t.path), t, outcome.segmentId, outcome.sync);
      } catch (e) {
        io.err(`${t.path}: ${conn.explain(e)}\n`);
        ok = false;
        if (e instanceof ApiError && FATAL.includes(e.kind)) break;
      }
    }
  } catch (e) {
    io.err(`${conn.explain(e)}\n`);
    return 1;
  }
  return ok ? 0 : 1;
}

function sameSync(a: SyncState | undefined, b: SyncState): boolean {
  return !!a && a.account === b.account && a.api === b.api && a.hash === b.hash && a.edited_at === b.edited_at;
}

/**
 * Writes segment_id and sync into the file as it is now: if it was edited while deploying, those edits
 * are kept (and are not deployed yet).
 */
function writeBack(io: CliIo, abs: string, t: DeployTarget & { text: string }, segmentId: number, sync: SyncState): void {
  let current: string;
  try {
    current = readFileSync(abs, 'utf8');
  } catch {
    io.err(`${t.path}: the file disappeared while deploying; segment ${segmentId} exists in the account. Pull it to get a file for it: segment-criteria pull ${segmentId}\n`);
    return;
  }
  writeFileAtomic(abs, setSyncFields(current, segmentId, sync));
  if (current !== t.text) io.err(`${t.path}: the file changed while deploying; your newer edits were kept and are not deployed yet.\n`);
}
