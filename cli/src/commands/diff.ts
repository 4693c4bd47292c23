/**
 * `segment-criteria diff FILE [--format text|json] [--limit N] [--max-requests N] [--strict]`: the contacts
 * that would enter and leave the file's segment if the file were deployed now. The deployed segment and the
 * draft (through a temporary segment, deleted afterwards even on errors and Ctrl-C) are each read with one
 * export activity. Before any request it estimates what the diff costs and stops (exit 1) when that is
 * above --max-requests (default 50); it also stops rather than go over it while polling.
 */
import { audienceDiff, DEFAULT_CONTACT_LIMIT, DEFAULT_MAX_REQUESTS, type AudienceDiff, type AudienceSide } from '../../../domain/src/audienceDiff';
import { UsageError } from '../usage';
import { contactsPhrase, diffRefusalMessage, requestsPhrase } from './audienceMessages';
import { loadFileOrExit } from './boundFile';
import { cancelOnSignal, stoppedBy } from './cancelOnSignal';
import { errorLines } from './checkFile';
import { connectOrExplain } from './connect';
import { CONNECTION_OPTIONS, parse, processIo, type CliIo } from './io';
import { oneLine } from './terminalText';

const USAGE = 'segment-criteria diff FILE [--format text|json] [--limit N] [--max-requests N]';

/** A whole number option within bounds, or a usage error that says what it takes. */
export function wholeNumberOption(flag: string, given: string | undefined, min: number, fallback: number, what: string): number {
  if (given === undefined) return fallback;
  if (!/^[0-9]+$/.test(given.trim()) || Number(given) < min || !Number.isSafeInteger(Number(given))) {
    throw new UsageError(`${flag} takes a whole number of ${what}, ${min} or more (got "${given}").`);
  }
  return Number(given);
}

export async function diff(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('diff', argv, {
    ...CONNECTION_OPTIONS,
    format: { type: 'string' },
    limit: { type: 'string' },
    'max-requests': { type: 'string' },
    strict: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError(`diff takes one file: ${USAGE}`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format takes text or json (got "${format}").`);
  const limit = wholeNumberOption('--limit', values.limit, 0, DEFAULT_CONTACT_LIMIT, 'contacts to show per side');
  const maxRequests = wholeNumberOption('--max-requests', values['max-requests'], 1, DEFAULT_MAX_REQUESTS, 'requests');
  const path = positionals[0]!;
  const f = loadFileOrExit(io, path);
  if (typeof f === 'number') return f;
  const errors = errorLines(path, f.text, { strict: !!values.strict });
  if (errors.length) {
    io.err(`${errors.join('\n')}\n${path}: not compared: fix the errors above.\n`);
    return 1;
  }

  const conn = connectOrExplain(values, io);
  if (!conn) return 1;
  const cancel = cancelOnSignal(io, conn, values);
  const signal = cancel.signal;
  try {
    const d = await audienceDiff(conn.client, f.file, {
      signal,
      limit,
      maxRequests,
      signedIn: async () => ({ account: (await conn.account()).encoded_account_id, api: conn.apiHost }),
      ...cancel.temporarySegments((id) => `Evaluating ${path} through temporary segment ${id} (deleted afterwards).`),
    });
    if (d.kind === 'refused') {
      io.err(`${diffRefusalMessage(path, d)}\n`);
      return 1;
    }
    if (format === 'json') io.out(JSON.stringify({ entering: d.entering, leaving: d.leaving }, null, 2) + '\n');
    else io.out(diffText(d));
    io.err(`${basisNote(path, d)} ${requestsPhrase(d.requests)} (estimated ${d.estimate.requests}).\n`);
    return cancel.exitCode(0);
  } catch (e) {
    return stoppedBy(io, e, signal, path, (x) => conn.explain(x));
  } finally {
    cancel.dispose();
  }
}

function basisNote(path: string, d: AudienceDiff): string {
  switch (d.basis) {
    case 'not-deployed':
      return `${path} is not deployed yet: all ${contactsPhrase(d.draftCount ?? 0)} of the draft would enter, and none leave.`;
    case 'same-criteria':
      return `${path} has the criteria of deployed segment ${d.segmentId}: nobody enters or leaves.`;
    case 'compared':
      return `Deployed segment ${d.segmentId} holds ${contactsPhrase(d.deployedCount ?? 0)}; the file as it is selects ${d.draftCount ?? 0}.`;
  }
}

function diffText(d: AudienceDiff): string {
  return sideText('Entering', d.entering) + sideText('Leaving', d.leaving);
}

function sideText(title: string, s: AudienceSide): string {
  const lines = [`${title}: ${contactsPhrase(s.count)}`];
  const rows = s.contacts.map((c) => [c.email_address, [c.first_name, c.last_name].filter(Boolean).join(' ')].map((v) => oneLine(v)));
  const width = Math.max(0, ...rows.map((r) => r[0]!.length));
  for (const [email, name] of rows) lines.push(`  ${email!.padEnd(width)}  ${name}`.trimEnd());
  if (s.count > s.contacts.length && s.contacts.length > 0) lines.push(`  ... and ${s.count - s.contacts.length} more`);
  return lines.join('\n') + '\n';
}
