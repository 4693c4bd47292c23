/**
 * The OAuth scopes the product asks for, what each one lets it do, and which of them a token response
 * left out. A token response without `scope` was granted as asked (RFC 6749 §5.1).
 */

export type AskedScope = 'contact_data' | 'campaign_data' | 'account_read' | 'offline_access';

/** What goes wrong without each scope: said whenever a sign-in lacks it. */
export const WITHOUT_SCOPE: Record<AskedScope, string> = {
  contact_data: 'segments and contacts cannot be read or changed (deploy, pull, preview, rename and delete), nor lists, tags and custom fields checked against the account',
  campaign_data: 'campaign activity ids cannot be checked against the account, segments cannot be attached to campaigns, and delete cannot check for scheduled campaigns',
  account_read: "the account's name and id cannot be read, and deploy, pull, preview, rename and delete need the id to keep segment files bound to their account",
  offline_access: 'no refresh token is issued, so you must sign in again when the access token expires (after 24 hours)',
};

const isAsked = (s: string): s is AskedScope => s in WITHOUT_SCOPE;

/** The scopes of a space-separated list; undefined stays undefined (granted as asked). */
export function scopeList(scope: string | undefined): string[] | undefined {
  return scope === undefined ? undefined : scope.split(/\s+/).filter(Boolean);
}

/** The scopes asked for that the token response did not grant, in the order asked. */
export function missingScopes(asked: string, granted: string | undefined): AskedScope[] {
  const got = scopeList(granted);
  if (!got) return [];
  return (scopeList(asked) ?? []).filter(isAsked).filter((s) => !got.includes(s));
}

/** What a sign-in without `scope` cannot do, and what to do about it. */
export function missingScopeMessage(scope: AskedScope): string {
  return `The sign-in was not granted the ${scope} scope: ${WITHOUT_SCOPE[scope]}. To get it, sign in again and allow ${scope} (your Constant Contact application must be allowed to ask for it).`;
}
