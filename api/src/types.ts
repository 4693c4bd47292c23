/** Shapes of the Constant Contact V3 resources this product reads and writes (only the fields it uses). */

export interface SegmentSummary {
  name: string;
  segment_id: number;
  created_at?: string;
  edited_at?: string;
}

export interface SegmentDetail extends SegmentSummary {
  /** A JSON-encoded string on the wire. */
  segment_criteria: string;
}

/** The body of POST /segments and PUT /segments/{id}. */
export interface SegmentBody {
  name: string;
  segment_criteria: string;
}

export interface Contact {
  contact_id: string;
  email_address?: { address: string; permission_to_send?: string };
  first_name?: string;
  last_name?: string;
  job_title?: string;
  company_name?: string;
  [key: string]: unknown;
}

export interface ContactList {
  list_id: string;
  name: string;
  [key: string]: unknown;
}

export interface Tag {
  tag_id: string;
  name: string;
  [key: string]: unknown;
}

export interface CustomField {
  custom_field_id: string;
  name: string;
  label?: string;
  type?: string;
}

export interface Campaign {
  campaign_id: string;
  name: string;
  current_status?: string;
  created_at?: string;
  updated_at?: string;
}

export interface CampaignDetail extends Campaign {
  campaign_activities: { campaign_activity_id: string; role: string }[];
}

export interface AccountSummary {
  encoded_account_id: string;
  organization_name?: string;
  [key: string]: unknown;
}

export interface Activity {
  activity_id: string;
  state: 'initialized' | 'processing' | 'completed' | 'cancelled' | 'failed' | 'timed_out' | string;
  percent_done?: number;
  /** An export's progress: how many contacts it holds, once it is running, and how many are written. */
  status?: { items_total_count?: number; items_completed_count?: number };
  _links?: { self?: { href: string }; results?: { href: string } };
}

export interface Links {
  next?: { href: string };
}
