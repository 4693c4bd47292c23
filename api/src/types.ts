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
  /** Present when asked for with include_membership_count. */
  membership_count?: number;
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
  /** Why an activity failed, in the API's words. */
  activity_errors?: string[];
  status?: ActivityStatus;
  _links?: { self?: { href: string }; results?: { href: string } };
}

/** An activity's counts; which ones are present depends on the kind of activity. */
export interface ActivityStatus {
  items_total_count?: number;
  items_completed_count?: number;
  /** List membership activities: contacts not added to a list (e.g. already on 50 lists). */
  cannot_add_to_list_count?: number;
  list_count?: number;
  [key: string]: unknown;
}

/** The body of POST /activities/add_list_memberships with a segment as the source. */
export interface AddListMembershipsFromSegment {
  source: { segment_id: number };
  list_ids: string[];
}

export interface Links {
  next?: { href: string };
}

/**
 * An email campaign activity (`GET /emails/activities/{id}`): its audience (contact lists or one segment),
 * headers and content. Properties this product does not know are kept, so a PUT can send them back.
 */
export interface EmailCampaignActivity {
  campaign_activity_id: string;
  campaign_id?: string;
  role?: string;
  /** "DRAFT", "SCHEDULED", "EXECUTING", "DONE", "ERROR", "REMOVED". */
  current_status?: string;
  /** 1 and 2: legacy editors; 3, 4, 5: current ones (only these take segments). */
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
  permalink_url?: string;
  physical_address_in_footer?: Record<string, unknown>;
  document_properties?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What `include=` adds to a read activity (left out otherwise). */
export type EmailActivityInclude = 'physical_address_in_footer' | 'permalink_url' | 'html_content' | 'document_properties';

/** One entry of `GET /emails/activities/{id}/schedules` (empty unless the activity is SCHEDULED). */
export interface EmailSchedule {
  scheduled_date?: string;
}
