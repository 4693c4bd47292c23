// A campaign activity as a PUT body: the read-only list is the spec's, and what writableActivity leaves
// is a body the contract accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import spec from '../../api/contract/ctct-v3-api-subset.json';
import { ACTIVITY_READ_ONLY, writableActivity } from '../../api/src/emailActivity.js';
import type { EmailCampaignActivity } from '../../api/src/types.js';
import { contract } from '../../sandbox/src/contract/validator.js';

type Schema = { $ref?: string; readOnly?: boolean; properties?: Record<string, Schema> };
const definitions = (spec as unknown as { definitions: Record<string, Schema> }).definitions;
const resolve = (s: Schema): Schema => (s.$ref ? definitions[s.$ref.replace('#/definitions/', '')]! : s);

/** Every readOnly property of a definition, as paths, through the objects it holds. */
function readOnlyPaths(s: Schema, prefix = ''): string[] {
  return Object.entries(resolve(s).properties ?? {}).flatMap(([name, prop]) => {
    const path = prefix + name;
    if (prop.readOnly) return [path];
    return resolve(prop).properties ? readOnlyPaths(prop, `${path}.`) : [];
  });
}

describe('an email campaign activity as a PUT body', () => {
  it('leaves out exactly the properties the spec marks readOnly', () => {
    assert.deepEqual([...ACTIVITY_READ_ONLY].sort(), readOnlyPaths(definitions.EmailCampaignActivity!).sort());
  });

  it('keeps everything else, and the spec accepts it', () => {
    const read: EmailCampaignActivity = {
      campaign_activity_id: '4c08372c-957a-48b5-bc45-72c7f00796cd',
      campaign_id: 'c1',
      role: 'primary_email',
      current_status: 'DRAFT',
      format_type: 5,
      template_id: 't',
      permalink_url: 'https://example.com/p',
      contact_list_ids: [],
      segment_ids: [3],
      from_name: 'A',
      from_email: 'a@example.com',
      reply_to_email: 'a@example.com',
      subject: 'S',
      html_content: '<html>[[trackingImage]]</html>',
      physical_address_in_footer: { address_line1: '1 Main St', country_code: 'US', country_name: 'United States', state_name: 'Massachusetts', organization_name: 'O' },
      document_properties: { letter_format: 'HTML', view_as_webpage_enabled: 'true' },
    };
    const copy = structuredClone(read);
    const body = writableActivity(read);
    assert.deepEqual(read, copy, 'the activity read is left as it was');
    assert.deepEqual(body, {
      contact_list_ids: [],
      segment_ids: [3],
      from_name: 'A',
      from_email: 'a@example.com',
      reply_to_email: 'a@example.com',
      subject: 'S',
      html_content: '<html>[[trackingImage]]</html>',
      physical_address_in_footer: { address_line1: '1 Main St', country_code: 'US', organization_name: 'O' },
      document_properties: { view_as_webpage_enabled: 'true' },
    });
    const found = contract().operation('PUT', `/emails/activities/${read.campaign_activity_id}`)!;
    assert.deepEqual(contract().checkRequest(found.op, found.pathParams, new URLSearchParams(), body), []);
    assert.match(contract().checkRequest(found.op, found.pathParams, new URLSearchParams(), { ...body, document_properties: { letter_format: 'HTML' } }).join(), /letter_format/);
  });
});
