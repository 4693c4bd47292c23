/** The CLI's words for counts, audience diffs and audience changes (`count`, `diff`, `deploy --max-change`). */
import type { AudienceChange, DiffRefusal, RequestEstimate } from '../../../domain/src/audienceDiff';
import type { SegmentGone } from '../../../domain/src/remoteSegment';
import { UsageError } from '../usage';
import { otherAccountMessage } from './bindingMessages';
import { quoted } from './terminalText';

export function contactsPhrase(n: number): string {
  return `${n} contact${n === 1 ? '' : 's'}`;
}

export function requestsPhrase(n: number): string {
  return `${n} request${n === 1 ? '' : 's'}`;
}

/** What an estimate is made of, e.g. "1 read of the deployed segment, 2 exports (POST, 4 polls, download each), a temporary segment (create, delete)". */
export function estimateParts(e: RequestEstimate): string {
  const parts: string[] = [];
  if (e.readsDeployed) parts.push('1 read of the deployed segment');
  parts.push(`${e.exports} export${e.exports === 1 ? '' : 's'} (POST, ${e.pollsPerExport} polls assumed, download${e.exports === 1 ? '' : ' each'})`);
  if (e.temporarySegment) parts.push('a temporary segment for the draft (create, delete)');
  return parts.join(', ');
}

/** `count ID` for a segment not in the account (a file's segment is worded by segmentGoneMessage). */
export function segmentIdGoneMessage(g: SegmentGone): string {
  const why = g.reason === 'deleted' ? `: it was deleted (it was named ${quoted(g.remoteName)})` : '';
  return `Segment ${g.segmentId} is not in the account${why}. Check the id; to count a file as it is, run: segment-criteria count FILE --draft`;
}

/** `flag` names the option that sets the limit, for the advice. */
export function diffRefusalMessage(path: string, r: DiffRefusal, flag = '--max-requests'): string {
  switch (r.reason) {
    case 'over-max-requests':
      return `${path}: not compared: it would take about ${requestsPhrase(r.estimate.requests)} (${estimateParts(r.estimate)}), more than ${flag} ${r.maxRequests}. Nothing was sent. Raise ${flag} to allow it.`;
    case 'out-of-requests':
      return `${path}: stopped after ${requestsPhrase(r.requests)}: the exports took more polls than estimated (${requestsPhrase(r.estimate.requests)}), and finishing would go over ${flag} ${r.maxRequests}. Raise ${flag}, or try again when Constant Contact is less busy.`;
    case 'not-found':
      return `${path}: segment ${r.segmentId} is not in this account (it may have been deleted). Remove "segment_id" and "sync" from the file to deploy it as a new segment.`;
    case 'other-account':
      return otherAccountMessage(path, r);
  }
}

export function percentText(p: number): string {
  if (!Number.isFinite(p)) return 'all new (the deployed segment is empty)';
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

/** The change in one line, for a file that passed or was refused. */
export function changeSummary(c: Extract<AudienceChange, { kind: 'changed' }>): string {
  return `${percentText(c.percent)} (${contactsPhrase(c.entering)} entering, ${c.leaving} leaving, of ${c.deployedCount} in deployed segment ${c.segmentId})`;
}

/** `--max-change PCT`: a percentage, 0 or more, with or without `%`. */
export function parseMaxChange(given: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%?\s*$/.exec(given);
  if (!m) throw new UsageError(`--max-change takes a percentage, 0 or more, such as 10 or 12.5% (got "${given}").`);
  return Number(m[1]);
}

/** Why deploy --max-change refused a file: the change is above the limit, or could not be measured. */
export function changeRefusalMessage(path: string, c: AudienceChange, maxPercent: number): string {
  if (c.kind === 'changed') {
    return `${path}: not deployed: the audience would change by ${changeSummary(c)}, above --max-change ${maxPercent}%. See who with \`segment-criteria diff ${path}\`; run again without --max-change (or with a higher one) to go ahead.`;
  }
  if (c.kind === 'refused') {
    if (c.reason === 'over-max-requests' || c.reason === 'out-of-requests') {
      return `${path}: not deployed: the audience change could not be measured within ${c.maxRequests} requests (${requestsPhrase(c.requests)} spent), so --max-change ${maxPercent}% cannot be checked. Try again later, or run again without --max-change.`;
    }
    return `${diffRefusalMessage(path, c)} Not deployed.`;
  }
  return `${path}: not deployed.`;
}

/** A change measured for --max-change and found within the limit. */
export function withinMaxChange(path: string, c: AudienceChange, maxPercent: number): string {
  if (c.kind === 'changed') return `${path}: audience change ${changeSummary(c)}, within --max-change ${maxPercent}%.`;
  return `${path}: the criteria are unchanged, so is the audience (--max-change ${maxPercent}%).`;
}
