/**
 * Every contact of a deployed segment as CSV, through the API's bulk export: start the export activity,
 * wait for it to finish, download its results. A few requests whatever the segment's size, where paging
 * costs one per 500 contacts.
 */
import type { CallOptions, CtctClient } from '../../api/src/client.js';
import { ApiError } from '../../api/src/errors.js';

export interface ContactExport {
  csv: string;
  /** Contacts in the file: its lines after the header. */
  contacts: number;
}

export async function exportSegmentContacts(client: CtctClient, segmentId: number, opts: CallOptions = {}): Promise<ContactExport> {
  const activity = await client.waitForActivity(await client.createContactExport(segmentId, opts), opts);
  const href = activity._links?.results?.href;
  if (!href) throw new ApiError('unexpected', `The export ${activity.activity_id} completed without a results link. Try again.`);
  const csv = await client.download(href, opts);
  return { csv, contacts: csvRows(csv) };
}

/** Data rows of a CSV text with a header line. */
export function csvRows(csv: string): number {
  return Math.max(0, csv.trim().split(/\r?\n/).length - 1);
}
