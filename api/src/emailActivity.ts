/**
 * A campaign activity as a PUT body: the API replaces the whole activity with what it is sent, and the
 * published spec marks some properties readOnly (the server sets them; a request carrying one is refused).
 * The body is the activity as read, without those.
 */
import type { EmailActivityInclude, EmailCampaignActivity } from './types.js';

/** Everything `include=` can add: read the activity with all of it before writing it back. */
export const ALL_ACTIVITY_INCLUDES: readonly EmailActivityInclude[] = ['physical_address_in_footer', 'permalink_url', 'html_content', 'document_properties'];

/**
 * The spec's readOnly properties of EmailCampaignActivity, as paths: top-level ones, and those of the
 * objects it holds (a test holds this list to the spec).
 */
export const ACTIVITY_READ_ONLY: readonly string[] = [
  'campaign_activity_id',
  'campaign_id',
  'role',
  'current_status',
  'format_type',
  'template_id',
  'permalink_url',
  'physical_address_in_footer.country_name',
  'physical_address_in_footer.state_name',
  'document_properties.letter_format',
];

/** The activity without its read-only properties (a copy; the activity is left as it is). */
export function writableActivity(activity: EmailCampaignActivity): Record<string, unknown> {
  const body = structuredClone(activity) as Record<string, unknown>;
  for (const path of ACTIVITY_READ_ONLY) {
    const [head, leaf] = path.split('.') as [string, string | undefined];
    if (leaf === undefined) delete body[head];
    else if (body[head] && typeof body[head] === 'object') delete (body[head] as Record<string, unknown>)[leaf];
  }
  return body;
}
