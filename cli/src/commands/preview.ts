/**
 * `segment-criteria preview FILE [--limit N] [--all] [--csv OUT|-] [--draft] [--strict]`: the contacts of the
 * file's deployed segment, as the API returns them. Warns when the file differs from what is deployed, and
 * names the criteria the sandbox could not evaluate (those the file's check leaves unchecked). `--draft`
 * previews the file as it is through a temporary segment, deleted afterwards even on errors and Ctrl-C,
 * after checking it (--strict as in check).
 */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { isLoopback, type CtctClient } from '../../../api/src/client';
import { exportSegmentContacts } from '../../../domain/src/contactExport';
import { holdsRemote, segmentPresence } from '../../../domain/src/remoteSegment';
import { pagesFor, readContacts, withDraftSegment } from '../../../domain/src/preview';
import type { Contact } from '../../../api/src/types';
import { uncheckedOf, type UncheckedCriterion } from '../../../server/src/language/unchecked';
import { UsageError } from '../usage';
import { segmentGoneMessage } from './bindingMessages';
import { boundId, loadFileOrExit } from './boundFile';
import { cancelOnSignal, stoppedBy } from './cancelOnSignal';
import { errorLinesOf, fileDiagnostics } from './checkFile';
import { connectOrExplain } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { outputProblem, STDIO, writeFailure, type OutputRules } from './namedFiles';
import { oneLine, quoted } from './terminalText';

const DEFAULT_LIMIT = 20;

export async function preview(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('preview', argv, {
    ...CONNECTION_OPTIONS,
    limit: { type: 'string' },
    all: { type: 'boolean' },
    csv: { type: 'string' },
    draft: { type: 'boolean' },
    force: { type: 'boolean' },
    strict: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('preview takes one file: segment-criteria preview FILE [--limit N] [--all] [--csv OUT] [--draft]');
  if (values.all && values.limit) throw new UsageError('Give --limit or --all, not both.');
  let limit: number | undefined = DEFAULT_LIMIT;
  if (values.limit !== undefined) {
    if (!/^[0-9]+$/.test(values.limit) || Number(values.limit) < 1) throw new UsageError('--limit takes a whole number of contacts, 1 or more.');
    limit = Number(values.limit);
  }
  if (values.all) limit = undefined;
  if (values.csv === '') throw new UsageError('--csv needs a file name, e.g. --csv contacts.csv (or --csv - for stdout).');
  const path = positionals[0]!;
  const f = loadFileOrExit(io, path);
  if (typeof f === 'number') return f;
  // Where the CSV goes, checked before any request: an export is never made only to fail at its end.
  const csv = values.csv === undefined ? undefined : values.csv === STDIO ? STDIO : { abs: resolve(io.cwd, values.csv), shown: values.csv };
  const csvRules = { flag: '--csv', force: !!values.force, reads: [{ abs: f.abs, shown: path }], example: 'contacts.csv' };
  const csvProblem = csv && csv !== STDIO && outputProblem(csv.abs, csv.shown, csvRules);
  if (csvProblem) {
    io.err(`${csvProblem.message}\n`);
    return csvProblem.exit;
  }

  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  // Ctrl-C cancels what is in flight; the draft segment is still deleted before exiting.
  const cancel = cancelOnSignal(io, conn, values);
  try {
    const account = (await conn.account()).encoded_account_id;
    // One check of the file: the draft's gate and the note on criteria the sandbox cannot evaluate.
    const diagnostics = fileDiagnostics(f.text, { strict: !!values.strict });
    const note = uncheckedNote(uncheckedOf(diagnostics), isLoopback(new URL(`http://${conn.apiHost}`).hostname));
    const show = async (client: CtctClient, segmentId: number) => {
      if (csv) return exportCsv(io, client, segmentId, csv, csvRules, cancel.signal);
      if (limit === undefined) {
        const count = await client.contactsCount({ signal: cancel.signal });
        if (count !== undefined) io.err(`Counting to the end reads every page: up to ${pagesFor(count)} request(s) of the account's 10,000 a day (${count} contacts in the account, 500 a page).\n`);
      }
      const r = await readContacts(client, segmentId, limit, { signal: cancel.signal });
      printContacts(io, r.contacts);
      io.err(r.more ? `Showing the first ${r.contacts.length} contacts; there are more (--all pages to the end for the exact count).\n` : `${r.contacts.length} contact(s) in the segment.\n`);
      if (note) io.err(`Note: ${note}\n`);
      return 0;
    };
    if (values.draft) {
      const errors = errorLinesOf(path, diagnostics);
      if (errors.length) {
        io.err(`${errors.join('\n')}\n${path}: not previewed: fix the errors above.\n`);
        return 1;
      }
      const shown = await withDraftSegment(conn.client, f.file, (s) => show(conn.client, s.segment_id), {
        signal: cancel.signal,
        ...cancel.temporarySegments((id) => `Previewing ${path} through temporary segment ${id} (deleted afterwards).`),
      });
      return cancel.exitCode(shown);
    }
    const id = boundId(io, f, account, conn.apiHost, 'preview');
    if (id === undefined) return 1;
    const presence = await segmentPresence(conn.client, id, { signal: cancel.signal });
    if (presence.kind === 'gone') {
      io.err(`${segmentGoneMessage(path, presence)}\n`);
      return 1;
    }
    const remote = await conn.client.getSegment(id, { signal: cancel.signal });
    if (!holdsRemote(f.file, remote)) {
      io.err(`Warning: ${path} differs from deployed segment ${id}; these are the deployed version's contacts. Deploy first, or preview the file as it is with --draft.\n`);
    }
    return await show(conn.client, id);
  } catch (e) {
    return stoppedBy(io, e, cancel.signal, path, (x) => conn.explain(x));
  } finally {
    cancel.dispose();
  }
}

function printContacts(io: CliIo, contacts: Contact[]): void {
  if (contacts.length === 0) return;
  // Escaped here, line breaks and tabs too (a value must not start a row of its own), so the columns line up
  // with what the terminal shows.
  const rows = contacts.map((c) => [c.email_address?.address ?? '', c.first_name ?? '', c.last_name ?? '', c.job_title ?? '', c.company_name ?? ''].map((v) => oneLine(String(v))));
  const head = ['EMAIL', 'FIRST NAME', 'LAST NAME', 'JOB TITLE', 'COMPANY'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  io.out([line(head), ...rows.map(line)].join('\n') + '\n');
}

/** The whole segment as CSV, into a file (checked again just before writing: an export takes a while) or on stdout. */
async function exportCsv(io: CliIo, client: CtctClient, segmentId: number, to: typeof STDIO | { abs: string; shown: string }, rules: OutputRules, signal: AbortSignal): Promise<number> {
  io.err('Exporting the whole segment with the bulk export (POST /activities/contact_exports)...\n');
  const { csv, contacts } = await exportSegmentContacts(client, segmentId, { signal });
  if (to === STDIO) {
    io.data(csv);
    io.err(`Exported ${contacts} contacts to stdout.\n`);
    return 0;
  }
  const problem = outputProblem(to.abs, to.shown, rules);
  let failure: string | undefined = problem?.message;
  if (!problem) {
    try {
      writeFileAtomic(to.abs, csv);
    } catch (e) {
      failure = `Cannot write ${writeFailure(to.shown, e)}.`;
    }
  }
  if (failure) {
    io.err(`${failure}\nThe export of ${contacts} contacts was not saved: run preview again with another --csv path, or --csv - for stdout.\n`);
    return 1;
  }
  io.err(`Wrote ${to.shown} (${contacts} contacts).\n`);
  return 0;
}

/**
 * The note after a preview on the file's criteria that this product does not check: the sandbox cannot
 * evaluate them (it selects nobody for such a segment); Constant Contact does. Undefined when there are none.
 */
export function uncheckedNote(unchecked: UncheckedCriterion[], sandbox: boolean): string | undefined {
  if (unchecked.length === 0) return undefined;
  const which = unchecked.map((u) => `source ${quoted(u.source)} at line ${u.line}`).join(', ');
  const one = unchecked.length === 1;
  const what = one ? 'a criterion' : `${unchecked.length} criteria`;
  return sandbox
    ? `The sandbox could not evaluate ${what} of this segment (${which}), so it selects nobody here; Constant Contact evaluates ${one ? 'it' : 'them'}.`
    : `This segment has ${what} that this product does not check (${which}); Constant Contact evaluates ${one ? 'it' : 'them'}.`;
}
