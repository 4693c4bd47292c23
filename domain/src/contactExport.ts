/**
 * Every contact of a deployed segment as CSV, through the API's bulk export: start the export activity,
 * wait for it to finish, download its results. A few requests whatever the segment's size, where paging
 * costs one per 500 contacts.
 */
import type { CallOptions, CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';
import type { Activity } from '../../api/src/types.js';

export interface ContactExport {
  csv: string;
  /** Contacts in the file: its lines after the header. */
  contacts: number;
}

export interface ExportOptions extends CallOptions {
  /** The contact properties (CSV columns) to export, e.g. `["email_address"]`; every one when absent. */
  fields?: string[];
  /** Asked before each poll: false stops waiting (a budget of requests spent), throwing ExportStopped. */
  mayPoll?: () => boolean;
}

/** The export was left unfinished because `mayPoll` said no more. */
export class ExportStopped extends Error {
  constructor(readonly activity: Activity) {
    super(`Stopped waiting for export activity ${activity.activity_id}.`);
  }
}

export async function exportSegmentContacts(client: CtctClient, segmentId: number, opts: ExportOptions = {}): Promise<ContactExport> {
  const { mayPoll, ...call } = opts;
  const started = await client.createContactExport(segmentId, call);
  const activity = await client.waitForActivity(started, { ...call, ...(mayPoll ? { until: () => !mayPoll() } : {}) });
  if (activity.state !== 'completed') throw new ExportStopped(activity);
  const csv = await client.download(resultsHref(activity), call);
  return { csv, contacts: csvRows(csv) };
}

/** Where a completed export's file is. */
export function resultsHref(activity: Activity): string {
  const href = activity._links?.results?.href;
  if (!href) throw new ApiError('unexpected', `The export ${activity.activity_id} completed without a results link. Try again.`);
  return href;
}

/** Data rows of a CSV text with a header line. */
export function csvRows(csv: string): number {
  return Math.max(0, csv.trim().split(/\r?\n/).length - 1);
}
