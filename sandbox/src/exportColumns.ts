/**
 * The columns of a contact export's CSV. Without `fields` the sandbox writes its usual set; with `fields`
 * only those, in the order asked. The developer guide lists the field names an export takes; the sandbox
 * fills the ones its contacts hold and leaves the others empty, and refuses a name the guide does not list
 * (what the API answers to one is not documented).
 */
import type { SandboxContact } from './data.js';

type Column = [header: string, value: (c: SandboxContact) => unknown];

const DEFAULT_COLUMNS: Column[] = [
  ['Email address', (c) => c.email_address],
  ['First name', (c) => c.first_name],
  ['Last name', (c) => c.last_name],
  ['Job title', (c) => c.job_title],
  ['Company', (c) => c.company_name],
  ['City', (c) => c.city],
  ['State', (c) => c.state],
  ['Country', (c) => c.country],
  ['Date added', (c) => c.created_at],
];

const EMPTY = () => undefined;

/** The guide's field names, with the column each gives. */
const FIELD_COLUMNS: Record<string, Column> = {
  email_address: DEFAULT_COLUMNS[0]!,
  first_name: DEFAULT_COLUMNS[1]!,
  last_name: DEFAULT_COLUMNS[2]!,
  job_title: DEFAULT_COLUMNS[3]!,
  company_name: DEFAULT_COLUMNS[4]!,
  city: DEFAULT_COLUMNS[5]!,
  state: DEFAULT_COLUMNS[6]!,
  country: DEFAULT_COLUMNS[7]!,
  created_at: DEFAULT_COLUMNS[8]!,
  updated_at: ['Date updated', (c) => c.updated_at],
  street: ['Street', (c) => c.street],
  zip: ['Zip', (c) => c.postal_code],
  anniversary: ['Anniversary', (c) => c.anniversary],
  birthday_day: ['Birthday day', (c) => c.birthday_day],
  birthday_month: ['Birthday month', (c) => c.birthday_month],
  source_name: ['Source name', (c) => c.source],
  email_lists: ['Email lists', EMPTY],
  phone_number: ['Phone number', EMPTY],
  social_profiles: ['Social profiles', EMPTY],
  website: ['Website', EMPTY],
  notes: ['Notes', EMPTY],
  birthday: ['Birthday', EMPTY],
  email_optin_source: ['Email opt-in source', EMPTY],
  email_optin_date: ['Email opt-in date', EMPTY],
  email_optout_source: ['Email opt-out source', EMPTY],
  email_optout_date: ['Email opt-out date', EMPTY],
  email_optout_reason: ['Email opt-out reason', EMPTY],
  sms_number: ['SMS number', EMPTY],
  sms_consent_date: ['SMS consent date', EMPTY],
  sms_status: ['SMS status', EMPTY],
};

/** The field names in `fields` the sandbox does not know; empty when every one is known. */
export function unknownExportFields(fields: readonly string[]): string[] {
  return fields.filter((f) => !Object.hasOwn(FIELD_COLUMNS, f));
}

/** The export's CSV text (CRLF line ends, a header line). */
export function exportCsv(contacts: readonly SandboxContact[], fields?: readonly string[]): string {
  const cols = fields ? fields.map((f) => FIELD_COLUMNS[f]!) : DEFAULT_COLUMNS;
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [cols.map(([h]) => cell(h)).join(','), ...contacts.map((c) => cols.map(([, get]) => cell(get(c))).join(','))];
  return lines.join('\r\n') + '\r\n';
}
