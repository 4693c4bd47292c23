/**
 * Every operation of Constant Contact's published V3 spec that the client calls, under the spec's
 * `operationId`, with what a token needs for it: the OAuth scope (`security`) and the user's privilege
 * (`x-authorization-privileges`). The client sends nothing that is not listed here, so a new endpoint
 * shows up in the contract tests, which hold this table to the spec and check every entry is exercised.
 */
export type Scope = 'contact_data' | 'campaign_data' | 'account_read';

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The spec's path template, below the base URL. */
  path: string;
  scope: Scope;
  privilege: string;
}

export const OPERATIONS = {
  getAccountSegments: { method: 'GET', path: '/segments', scope: 'contact_data', privilege: 'contacts:lists:read' },
  createSegment: { method: 'POST', path: '/segments', scope: 'contact_data', privilege: 'contacts:lists:write' },
  getSegmentDetail: { method: 'GET', path: '/segments/{segment_id}', scope: 'contact_data', privilege: 'contacts:lists:read' },
  updateSegment: { method: 'PUT', path: '/segments/{segment_id}', scope: 'contact_data', privilege: 'contacts:lists:write' },
  updateSegmentName: { method: 'PATCH', path: '/segments/{segment_id}/name', scope: 'contact_data', privilege: 'contacts:lists:write' },
  deleteSegment: { method: 'DELETE', path: '/segments/{segment_id}', scope: 'contact_data', privilege: 'contacts:lists:write' },
  getContacts: { method: 'GET', path: '/contacts', scope: 'contact_data', privilege: 'contacts:read' },
  getAccountById: { method: 'GET', path: '/account/summary', scope: 'account_read', privilege: 'account:read' },
  getLists: { method: 'GET', path: '/contact_lists', scope: 'contact_data', privilege: 'contacts:lists:read' },
  createList: { method: 'POST', path: '/contact_lists', scope: 'contact_data', privilege: 'contacts:lists:write' },
  getList: { method: 'GET', path: '/contact_lists/{list_id}', scope: 'contact_data', privilege: 'contacts:lists:read' },
  postListAddContact: { method: 'POST', path: '/activities/add_list_memberships', scope: 'contact_data', privilege: 'contacts:write' },
  getTags: { method: 'GET', path: '/contact_tags', scope: 'contact_data', privilege: 'contacts:read' },
  getCustomFields: { method: 'GET', path: '/contact_custom_fields', scope: 'contact_data', privilege: 'contacts:read' },
  retrieveEmailCampaignsUsingGET: { method: 'GET', path: '/emails', scope: 'campaign_data', privilege: 'campaign:read' },
  retrieveEmailCampaignUsingGET: { method: 'GET', path: '/emails/{campaign_id}', scope: 'campaign_data', privilege: 'campaign:read' },
  retrieveEmailCampaignActivityUsingGET: { method: 'GET', path: '/emails/activities/{campaign_activity_id}', scope: 'campaign_data', privilege: 'campaign:read' },
  updateEmailCampaignActivityUsingPUT: { method: 'PUT', path: '/emails/activities/{campaign_activity_id}', scope: 'campaign_data', privilege: 'campaign:write' },
  retrieveEmailSchedulesUsingGET: { method: 'GET', path: '/emails/activities/{campaign_activity_id}/schedules', scope: 'campaign_data', privilege: 'campaign:read' },
  postContactsExport: { method: 'POST', path: '/activities/contact_exports', scope: 'contact_data', privilege: 'contacts:write' },
  getActivity: { method: 'GET', path: '/activities/{activity_id}', scope: 'contact_data', privilege: 'contacts:write' },
  getContactsExport: { method: 'GET', path: '/contact_exports/{file_export_id}', scope: 'contact_data', privilege: 'contacts:write' },
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof OPERATIONS;

/** The operation's path with its parameters filled in, and an optional query. */
export function operationPath(op: Operation, params: Record<string, string | number> = {}, query?: Record<string, string>): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`${op.method} ${op.path} needs ${name}.`);
    return encodeURIComponent(String(v));
  });
  return query ? `${path}?${new URLSearchParams(query)}` : path;
}
