/**
 * Contacts as CSV (RFC 4180: quoted when needed, CRLF line ends). Cells a spreadsheet would run as a
 * formula (starting with = + - @, tab or carriage return) get a leading apostrophe.
 */
import type { Contact } from '../../../api/src/types';

export const COLUMNS: { header: string; get: (c: Contact) => unknown }[] = [
  { header: 'Email', get: (c) => c.email_address?.address },
  { header: 'First name', get: (c) => c.first_name },
  { header: 'Last name', get: (c) => c.last_name },
  { header: 'Job title', get: (c) => c.job_title },
  { header: 'Company', get: (c) => c.company_name },
  { header: 'Added', get: (c) => c.created_at },
  { header: 'Contact id', get: (c) => c.contact_id },
];

/** One row of display strings per contact, in COLUMNS order. */
export function contactRows(contacts: Contact[]): string[][] {
  return contacts.map((c) => COLUMNS.map((col) => text(col.get(c))));
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function contactsToCsv(contacts: Contact[]): string {
  const lines = [COLUMNS.map((c) => csvCell(c.header)).join(','), ...contactRows(contacts).map((r) => r.map(csvCell).join(','))];
  return lines.join('\r\n') + '\r\n';
}
