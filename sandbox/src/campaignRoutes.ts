/**
 * The sandbox's email campaigns: the campaign list (paged) and details, each campaign's activities
 * (`GET /emails/activities/{id}` with `include=`, `PUT` with the API's rules) and their schedules.
 *
 * The PUT replaces the activity, as the API's does: whatever writable property the body omits is dropped
 * from the stored activity (an omitted `html_content` empties the email), so a client that does not send
 * back everything it read is caught by reading the activity again. Where the API's exact wording of a
 * refusal is not published, the message is the sandbox's, with the API's error key and shape.
 */
import { ACTIVITY_STATUSES, type SandboxActivity, type SandboxCampaign, type SandboxData } from './data.js';
import { apiError, decodeCursor, encodeCursor, intParam, notFound, type Reply } from './http.js';

/** What `include=` adds to an activity; without it the API leaves these out. */
export const ACTIVITY_INCLUDES = ['physical_address_in_footer', 'permalink_url', 'html_content', 'document_properties'] as const;

/** What a PUT body may set; everything else of an activity is the server's (readOnly in the spec). */
const WRITABLE = ['contact_list_ids', 'segment_ids', 'from_email', 'from_name', 'reply_to_email', 'subject', 'html_content', 'preheader', 'physical_address_in_footer', 'document_properties'] as const;
const REQUIRED = ['from_name', 'from_email', 'reply_to_email', 'subject'] as const;
/** Only these formats take segments (1 and 2 are the legacy editors). */
const SEGMENT_FORMATS = [3, 4, 5];
const UPDATABLE_STATUSES = ['DRAFT', 'DONE'];

const COUNTRY_NAMES: Record<string, string> = { US: 'United States', CA: 'Canada', GB: 'United Kingdom' };

interface ActivityState {
  campaign: SandboxCampaign;
  /** The activity as stored now (a copy: the account's data stays as loaded, for the evaluator). */
  activity: SandboxActivity & { role: string; current_status: (typeof ACTIVITY_STATUSES)[number]; format_type: number };
  /** Set by a PUT. */
  updated_at?: string;
}

export interface CampaignHooks {
  /** Whether a live segment has this id (a PUT may only name one). */
  liveSegment(id: number): boolean;
  /** The API's timestamp of now. */
  stamp(): string;
}

const invalid = (message: string) => apiError(400, 'json.validation.error', message);

export class CampaignRoutes {
  private readonly activities = new Map<string, ActivityState>();

  constructor(
    private readonly data: SandboxData,
    private readonly apiPath: string,
    private readonly hooks: CampaignHooks,
  ) {
    for (const campaign of data.campaigns) {
      for (const a of campaign.activities) {
        this.activities.set(a.campaign_activity_id, { campaign, activity: withDefaults(a, campaign, data) });
      }
    }
  }

  /** The answer for a campaign route, or undefined when the request is not one. */
  handle(m: string, path: string, url: URL, body: Record<string, unknown> | undefined): Reply | undefined {
    let g: RegExpMatchArray | null;
    if (path === '/emails' && m === 'GET') return this.list(url);
    if ((g = path.match(/^\/emails\/activities\/([^/]+)\/schedules$/)) && m === 'GET') return this.schedules(decodeURIComponent(g[1]!));
    if ((g = path.match(/^\/emails\/activities\/([^/]+)$/))) {
      const id = decodeURIComponent(g[1]!);
      if (m === 'GET') return this.get(id, url);
      if (m === 'PUT') return this.update(id, body ?? {});
    }
    if ((g = path.match(/^\/emails\/([^/]+)$/)) && m === 'GET') return this.campaign(decodeURIComponent(g[1]!));
    return undefined;
  }

  /** The stored activity (tests read it to see what a PUT left). */
  activity(id: string): SandboxActivity | undefined {
    return this.activities.get(id)?.activity;
  }

  // ---- campaigns ---------------------------------------------------------------------------------

  private primary(c: SandboxCampaign): ActivityState | undefined {
    const states = c.activities.map((a) => this.activities.get(a.campaign_activity_id)!);
    return states.find((s) => s.activity.role === 'primary_email') ?? states[0];
  }

  private summary(c: SandboxCampaign) {
    const sent = c.activities.map((a) => a.sent_at).filter(Boolean).sort() as string[];
    const primary = this.primary(c);
    const status = primary?.activity.current_status ?? 'DRAFT';
    const touched = c.activities.map((a) => this.activities.get(a.campaign_activity_id)!.updated_at).filter(Boolean).sort() as string[];
    const updated = [sent.at(-1), touched.at(-1)].filter(Boolean).sort().at(-1) ?? this.data.now;
    // The list shows statuses in title case ("Draft"), where activities say "DRAFT".
    return { campaign_id: c.campaign_id, name: c.name, type: 'NEWSLETTER', current_status: status[0] + status.slice(1).toLowerCase(), created_at: sent[0] ?? this.data.now, updated_at: updated };
  }

  /** Pages of `limit` campaigns (default 50), linked by `_links.next.href`. `before_date`/`after_date` are not applied. */
  private list(url: URL): Reply {
    const cursor = url.searchParams.get('cursor');
    const c = cursor ? decodeCursor(cursor) : {};
    const limit = cursor ? Number(c.limit) : intParam(url.searchParams.get('limit'), 1, 500, 50);
    const offset = cursor ? Number(c.offset) : 0;
    const all = this.data.campaigns;
    const body: Record<string, unknown> = { campaigns: all.slice(offset, offset + limit).map((x) => this.summary(x)) };
    if (offset + limit < all.length) body._links = { next: { href: `${this.apiPath}/emails?cursor=${encodeCursor({ offset: offset + limit, limit })}` } };
    return { status: 200, body };
  }

  private campaign(id: string): Reply {
    const c = this.data.campaigns.find((x) => x.campaign_id === id);
    if (!c) throw notFound('The campaign was not found.');
    const activities = c.activities.map((a) => ({ campaign_activity_id: a.campaign_activity_id, role: this.activities.get(a.campaign_activity_id)!.activity.role }));
    return { status: 200, body: { ...this.summary(c), campaign_activities: activities } };
  }

  // ---- activities --------------------------------------------------------------------------------

  private state(id: string): ActivityState {
    const s = this.activities.get(id);
    if (!s) throw notFound('The email campaign activity was not found.');
    return s;
  }

  private get(id: string, url: URL): Reply {
    const s = this.state(id);
    const include = new Set((url.searchParams.get('include') ?? '').split(',').filter(Boolean));
    for (const v of include) if (!(ACTIVITY_INCLUDES as readonly string[]).includes(v)) throw invalid(`include must be one of ${ACTIVITY_INCLUDES.join(', ')}.`);
    return { status: 200, body: this.render(s, include) };
  }

  private render(s: ActivityState, include: ReadonlySet<string>): Record<string, unknown> {
    const a = s.activity;
    const out: Record<string, unknown> = {
      campaign_activity_id: a.campaign_activity_id,
      campaign_id: s.campaign.campaign_id,
      role: a.role,
      contact_list_ids: [...(a.contact_list_ids ?? [])],
      segment_ids: [...(a.segment_ids ?? [])],
      current_status: a.current_status,
      format_type: a.format_type,
    };
    for (const k of ['from_email', 'from_name', 'reply_to_email', 'subject', 'preheader', 'template_id'] as const) if (a[k] !== undefined) out[k] = a[k];
    if (include.has('html_content') && a.html_content !== undefined) out.html_content = a.html_content;
    if (include.has('permalink_url')) out.permalink_url = `https://myemail.constantcontact.com/${slug(s.campaign.name)}.html?soid=${this.data.account.encoded_account_id}&aid=${a.campaign_activity_id}`;
    const address = a.physical_address_in_footer;
    if (include.has('physical_address_in_footer') && address) {
      // country_name is the server's, from country_code.
      const country = COUNTRY_NAMES[address.country_code ?? ''];
      out.physical_address_in_footer = { ...address, ...(country ? { country_name: country } : {}) };
    }
    // letter_format is the server's.
    if (include.has('document_properties') && a.document_properties) out.document_properties = { ...a.document_properties, letter_format: 'HTML' };
    return out;
  }

  /** The API's rules for a PUT, then the body replaces every writable property (omitted ones are dropped). */
  private update(id: string, body: Record<string, unknown>): Reply {
    const s = this.state(id);
    const a = s.activity;
    if (a.role !== 'primary_email') throw invalid(`Only an email campaign activity with the primary_email role can be updated; this one has the ${a.role} role.`);
    if (!UPDATABLE_STATUSES.includes(a.current_status)) throw invalid(`The email campaign activity is in ${a.current_status} status: only activities in DRAFT or DONE status can be updated.`);
    for (const k of REQUIRED) if (typeof body[k] !== 'string' || !(body[k] as string).trim()) throw invalid(`${k} is required.`);
    const lists = Array.isArray(body.contact_list_ids) ? (body.contact_list_ids as string[]) : [];
    const segments = Array.isArray(body.segment_ids) ? (body.segment_ids as number[]) : [];
    if (lists.length && segments.length) throw invalid('contact_list_ids and segment_ids cannot be used together: an email campaign activity goes to contact lists or to a segment.');
    if (segments.length > 1) throw invalid('segment_ids can hold only one segment id.');
    if (segments.length && !SEGMENT_FORMATS.includes(a.format_type)) throw invalid(`Segments are supported only for format_type 3, 4 and 5; this email campaign activity has format_type ${a.format_type}.`);
    for (const sid of segments) if (!this.hooks.liveSegment(sid)) throw invalid(`The segment ${sid} was not found.`);
    for (const lid of lists) if (!this.data.lists.some((l) => l.list_id === lid)) throw invalid(`The contact list ${lid} was not found.`);

    const next: ActivityState['activity'] = {
      campaign_activity_id: a.campaign_activity_id,
      role: a.role,
      current_status: a.current_status,
      format_type: a.format_type,
      ...(a.sent_at !== undefined ? { sent_at: a.sent_at } : {}),
      ...(a.scheduled_at !== undefined ? { scheduled_at: a.scheduled_at } : {}),
      ...(a.template_id !== undefined ? { template_id: a.template_id } : {}),
    };
    for (const k of WRITABLE) if (body[k] !== undefined) (next as unknown as Record<string, unknown>)[k] = structuredClone(body[k]);
    s.activity = next;
    s.updated_at = this.hooks.stamp();
    return { status: 200, body: this.render(s, new Set(ACTIVITY_INCLUDES)) };
  }

  /** The scheduled send date of a SCHEDULED activity; an empty array otherwise. */
  private schedules(id: string): Reply {
    const a = this.state(id).activity;
    return { status: 200, body: a.current_status === 'SCHEDULED' && a.scheduled_at ? [{ scheduled_date: a.scheduled_at }] : [] };
  }
}

/** A data file may give only the id: the rest is made up from the campaign, as an account would have it. */
function withDefaults(a: SandboxActivity, c: SandboxCampaign, data: SandboxData): ActivityState['activity'] {
  const format = a.format_type ?? 5;
  const org = data.account.organization_name;
  return {
    ...structuredClone(a),
    role: a.role ?? 'primary_email',
    current_status: a.current_status ?? (a.sent_at ? 'DONE' : 'DRAFT'),
    format_type: format,
    from_name: a.from_name ?? org,
    from_email: a.from_email ?? 'news@example.com',
    reply_to_email: a.reply_to_email ?? a.from_email ?? 'news@example.com',
    subject: a.subject ?? c.name,
    ...(format === 5 && a.html_content === undefined ? { html_content: `<html><body>[[trackingImage]]<h1>${escapeHtml(c.name)}</h1><p>News from ${escapeHtml(org)}.</p></body></html>` } : {}),
    physical_address_in_footer: a.physical_address_in_footer ?? { address_line1: '12 Harbor Street', city: 'Boston', state_code: 'MA', postal_code: '02110', country_code: 'US', organization_name: org },
    document_properties: a.document_properties ?? { permission_reminder_enabled: 'false', view_as_webpage_enabled: 'true', view_as_webpage_text: 'View this email in a browser', forward_email_link_enabled: 'false' },
  };
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'email';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
}
