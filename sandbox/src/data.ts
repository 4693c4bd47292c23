/**
 * The sandbox's account data: what `--data FILE` holds (documented in docs/sandbox.md) and what the
 * built-in sample generates. Flat and plain so a hand-written file stays short.
 */
import { readFileSync } from 'node:fs';

export interface SandboxContact {
  contact_id: string;
  email_address: string;
  first_name?: string | null;
  last_name?: string | null;
  job_title?: string | null;
  company_name?: string | null;
  birthday_month?: number | null;
  birthday_day?: number | null;
  anniversary?: string | null;
  street?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
  /** How the contact was added (the `source` system field), e.g. "Account", "Contact", "Form". */
  source?: string | null;
  created_at: string;
  updated_at: string;
  /** Ids of the lists the contact is on. */
  list_memberships?: string[];
  /** Ids of the contact's tags. */
  taggings?: string[];
  /** Custom field values by the custom field's `name`. */
  custom_fields?: Record<string, string | null>;
}

export interface SandboxCampaign {
  campaign_id: string;
  name: string;
  /** One or more activities; a sent one has `sent_at`. Tracking criteria name `campaign_activity_id`. */
  activities: SandboxActivity[];
}

/** The statuses of an email campaign activity; the campaign list shows them in title case ("Draft"). */
export const ACTIVITY_STATUSES = ['DRAFT', 'SCHEDULED', 'EXECUTING', 'DONE', 'ERROR', 'REMOVED'] as const;

/**
 * An email campaign activity. Only `campaign_activity_id` is required in a data file: the status defaults
 * to DONE when sent and DRAFT otherwise, `format_type` to 5, and the email to a small one made up from the
 * campaign's name.
 */
export interface SandboxActivity {
  campaign_activity_id: string;
  role?: string;
  sent_at?: string | null;
  current_status?: (typeof ACTIVITY_STATUSES)[number];
  /** When a SCHEDULED activity goes out (GET .../schedules). */
  scheduled_at?: string | null;
  /** 1 and 2: legacy editors (no segments); 3, 4, 5: current ones. */
  format_type?: number;
  contact_list_ids?: string[];
  segment_ids?: number[];
  from_name?: string;
  from_email?: string;
  reply_to_email?: string;
  subject?: string;
  preheader?: string;
  html_content?: string;
  template_id?: string;
  physical_address_in_footer?: Record<string, string>;
  document_properties?: Record<string, string>;
}

/** One contact was sent one campaign activity; opening and clicking are optional. */
export interface SandboxSend {
  contact_id: string;
  campaign_activity_id: string;
  opened_at?: string | null;
  clicked_at?: string | null;
}

/** A contact list; the dates and `favorite` are optional in a data file. */
export interface SandboxList {
  list_id: string;
  name: string;
  favorite?: boolean;
  created_at?: string;
  updated_at?: string;
}

export interface SandboxSegment {
  segment_id: number;
  name: string;
  segment_criteria: string;
  created_at: string;
  edited_at: string;
  deleted_at?: string | null;
}

export interface SandboxData {
  account: { encoded_account_id: string; organization_name: string; [key: string]: unknown };
  /** The evaluator's clock ("last n days" counts back from it). Absent: the real time. */
  now?: string;
  lists: SandboxList[];
  tags: { tag_id: string; name: string }[];
  custom_fields: { custom_field_id: string; name: string; label?: string; type?: string }[];
  campaigns: SandboxCampaign[];
  contacts: SandboxContact[];
  sends: SandboxSend[];
  /** Segments that exist when the sandbox starts. */
  segments?: SandboxSegment[];
}

/** Reads and checks a data file; every problem names the path of the bad value and what to do. */
export function loadDataFile(path: string): SandboxData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read the data file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`The data file ${path} is not valid JSON: ${(e as Error).message}.`);
  }
  const problems = checkData(raw);
  if (problems.length) {
    throw new Error(`The data file ${path} does not have the sandbox's format (see docs/sandbox.md):\n  ${problems.slice(0, 10).join('\n  ')}`);
  }
  return raw as SandboxData;
}

export function checkData(raw: unknown): string[] {
  const p: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['the top level must be an object'];
  const d = raw as Record<string, unknown>;
  const arr = (key: string, required: boolean) => {
    const v = d[key];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v)) {
      p.push(`"${key}" must be an array`);
      return [];
    }
    return v as Record<string, unknown>[];
  };
  const str = (o: Record<string, unknown>, key: string, where: string, optional = false) => {
    const v = o?.[key];
    if (optional && (v === undefined || v === null)) return;
    if (typeof v !== 'string' || !v) p.push(`${where}.${key} must be a non-empty string`);
  };
  const date = (o: Record<string, unknown>, key: string, where: string, optional = false) => {
    const v = o?.[key];
    if (optional && (v === undefined || v === null)) return;
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) p.push(`${where}.${key} must be a date like 2024-05-01T09:00:00Z`);
  };
  const checkActivity = (a: Record<string, unknown>, w: string) => {
    str(a, 'campaign_activity_id', w);
    date(a, 'sent_at', w, true);
    date(a, 'scheduled_at', w, true);
    if (a.current_status !== undefined && !(ACTIVITY_STATUSES as readonly unknown[]).includes(a.current_status)) p.push(`${w}.current_status must be one of ${ACTIVITY_STATUSES.join(', ')}`);
    if (a.current_status === 'SCHEDULED' && !a.scheduled_at) p.push(`${w}.scheduled_at must be set for a SCHEDULED activity`);
    if (a.format_type !== undefined && !(Number.isInteger(a.format_type) && (a.format_type as number) >= 1 && (a.format_type as number) <= 5)) p.push(`${w}.format_type must be a whole number from 1 to 5`);
    if (a.contact_list_ids !== undefined && !Array.isArray(a.contact_list_ids)) p.push(`${w}.contact_list_ids must be an array of list ids`);
    if (a.segment_ids !== undefined && !(Array.isArray(a.segment_ids) && a.segment_ids.every((x) => Number.isInteger(x)))) p.push(`${w}.segment_ids must be an array of segment ids (whole numbers)`);
  };
  const account = d.account as Record<string, unknown> | undefined;
  if (!account || typeof account !== 'object') p.push('"account" must be an object with encoded_account_id and organization_name');
  else str(account, 'encoded_account_id', 'account');
  if (d.now !== undefined) date(d, 'now', '');
  arr('lists', true).forEach((l, i) => (str(l, 'list_id', `lists[${i}]`), str(l, 'name', `lists[${i}]`)));
  arr('tags', true).forEach((t, i) => (str(t, 'tag_id', `tags[${i}]`), str(t, 'name', `tags[${i}]`)));
  arr('custom_fields', false).forEach((f, i) => (str(f, 'custom_field_id', `custom_fields[${i}]`), str(f, 'name', `custom_fields[${i}]`)));
  arr('campaigns', true).forEach((c, i) => {
    str(c, 'campaign_id', `campaigns[${i}]`);
    str(c, 'name', `campaigns[${i}]`);
    if (!Array.isArray(c.activities)) p.push(`campaigns[${i}].activities must be an array`);
    else (c.activities as Record<string, unknown>[]).forEach((a, j) => checkActivity(a, `campaigns[${i}].activities[${j}]`));
  });
  const ids = new Set<string>();
  arr('contacts', true).forEach((c, i) => {
    const w = `contacts[${i}]`;
    str(c, 'contact_id', w);
    str(c, 'email_address', w);
    date(c, 'created_at', w);
    date(c, 'updated_at', w);
    if (typeof c.contact_id === 'string') {
      if (ids.has(c.contact_id)) p.push(`${w}.contact_id "${c.contact_id}" appears twice`);
      ids.add(c.contact_id);
    }
    for (const k of ['list_memberships', 'taggings']) if (c[k] !== undefined && !Array.isArray(c[k])) p.push(`${w}.${k} must be an array of ids`);
  });
  arr('sends', false).forEach((s, i) => {
    str(s, 'contact_id', `sends[${i}]`);
    str(s, 'campaign_activity_id', `sends[${i}]`);
    date(s, 'opened_at', `sends[${i}]`, true);
    date(s, 'clicked_at', `sends[${i}]`, true);
  });
  if (d.sends === undefined) d.sends = [];
  if (d.custom_fields === undefined) d.custom_fields = [];
  return p;
}
