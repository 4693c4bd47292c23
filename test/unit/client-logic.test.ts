// The extension's logic that needs no VS Code: minimal write-back edits, reading segment files, the
// preview's CSV, page and summary, the account data cache, the Segments view's order and URL checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentHash, setSyncFields } from '../../domain/src/segmentFile.js';
import type { Campaign, CampaignDetail, Contact } from '../../api/src/types.js';
import { campaignActivities, isFresh, toAccountData, FRESH_MS, type AccountCacheEntry } from '../../client/src/accountCache.js';
import { checkSandboxUrl, hostOf } from '../../client/src/endpoints.js';
import { deployMessage, nameTakenMessage } from '../../client/src/commands/deployMessages.js';
import { contactRows, contactsToCsv, csvCell } from '../../client/src/preview/csv.js';
import { contentSecurityPolicy, makeNonce, previewHtml } from '../../client/src/preview/html.js';
import { describeSummary } from '../../client/src/preview/summary.js';
import { criteriaOffset, readSegmentText, syncStatus } from '../../client/src/segmentDocument.js';
import { minimalReplacement } from '../../client/src/textEdits.js';
import { sortSegments } from '../../client/src/views/sortSegments.js';

const apply = (before: string, after: string) => {
  const r = minimalReplacement(before, after);
  return r ? before.slice(0, r.offset) + r.text + before.slice(r.offset + r.length) : before;
};

const FILE = `{
  // engaged people
  "name": "Engaged",
  "segment_criteria": {
    "version": "1.0.0",
    "criteria": { "type": "and", "group": [ { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns", "param": "5" } ] }
  }
}
`;

describe('minimal write-back edits', () => {
  it('replaces only what changed, and applying it gives the new text', () => {
    const sync = { account: 'acct', api: 'api.cc.email', hash: 'h1' };
    const after = setSyncFields(FILE, 12, sync);
    const r = minimalReplacement(FILE, after)!;
    assert.ok(r.offset > FILE.indexOf('"param"'), 'the user-written part before the new keys is untouched');
    assert.equal(apply(FILE, after), after);
    assert.match(after, /\/\/ engaged people/);
    const again = setSyncFields(after, 12, { ...sync, hash: 'h2' });
    const r2 = minimalReplacement(after, again)!;
    assert.equal(r2.text, '2');
    assert.equal(apply(after, again), again);
  });
  it('is undefined for equal texts and never splits a CRLF or a surrogate pair', () => {
    assert.equal(minimalReplacement('abc', 'abc'), undefined);
    assert.equal(apply('a\r\nb', 'a\r\nc'), 'a\r\nc');
    const r = minimalReplacement('x\r\ny', 'x\ny')!;
    assert.equal(apply('x\r\ny', 'x\ny'), 'x\ny');
    assert.ok(r.offset <= 1);
    const emoji = minimalReplacement('a😀b', 'a😃b')!;
    assert.equal(emoji.offset, 1);
    assert.equal(apply('a😀b', 'a😃b'), 'a😃b');
  });
});

describe('reading segment files', () => {
  it('parses through the API module and says why a file cannot be used', () => {
    assert.equal(readSegmentText(FILE, 'f').file?.name, 'Engaged');
    assert.match(readSegmentText('{"segment_criteria": {}}', 'f.segment.json').problem ?? '', /"name" is missing/);
    assert.match(readSegmentText('{', 'f').problem ?? '', /not valid JSON/);
  });
  it('puts CodeLens at the segment_criteria key', () => {
    const offset = criteriaOffset(FILE)!;
    assert.ok(FILE.startsWith('"segment_criteria"', offset));
    assert.equal(criteriaOffset('{"name": "x"}'), 0);
    assert.equal(criteriaOffset('[1]'), undefined);
  });
  it('tells new, in-sync, edited and unrecorded files apart', () => {
    const file = readSegmentText(FILE, 'f').file!;
    assert.equal(syncStatus(file), 'new');
    const hash = contentHash(file.name, file.criteria);
    const deployed = readSegmentText(setSyncFields(FILE, 3, { account: 'a', api: 'h', hash }), 'f').file!;
    assert.equal(syncStatus(deployed), 'in-sync');
    const edited = readSegmentText(setSyncFields(FILE.replace('"5"', '"4"'), 3, { account: 'a', api: 'h', hash }), 'f').file!;
    assert.equal(syncStatus(edited), 'local-edits');
    // Key order and formatting carry no meaning.
    const reformatted = readSegmentText(setSyncFields(JSON.stringify({ segment_criteria: file.criteria, name: file.name }), 3, { account: 'a', api: 'h', hash }), 'f').file!;
    assert.equal(syncStatus(reformatted), 'in-sync');
    assert.equal(syncStatus({ ...file, segmentId: 3 }), 'unknown');
  });
});

describe('preview', () => {
  const contacts: Contact[] = [
    { contact_id: 'c1', email_address: { address: 'ann@example.com' }, first_name: 'Ann', last_name: 'Lee, Jr.', company_name: '=HYPERLINK("x")', created_at: '2024-01-02T03:04:05Z' },
    { contact_id: 'c2', email_address: { address: 'bo@example.com' }, first_name: 'Bo "B"' },
  ];
  it('CSV quotes what needs quoting and defuses spreadsheet formulas', () => {
    const csv = contactsToCsv(contacts);
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'Email,First name,Last name,Job title,Company,Added,Contact id');
    assert.equal(lines[1], `ann@example.com,Ann,"Lee, Jr.",,"'=HYPERLINK(""x"")",2024-01-02T03:04:05Z,c1`);
    assert.equal(lines[2], 'bo@example.com,"Bo ""B""",,,,,c2');
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell('@x'), "'@x");
    assert.ok(csv.endsWith('\r\n'));
    assert.deepEqual(contactRows(contacts)[1], ['bo@example.com', 'Bo "B"', '', '', '', '', 'c2']);
  });
  it('the page has a strict CSP with one nonce, loads nothing, and writes data as text only', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
    const html = previewHtml(nonce);
    const csp = contentSecurityPolicy(nonce);
    assert.ok(html.includes(csp));
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}">`));
    assert.ok(html.includes(`<style nonce="${nonce}">`));
    assert.doesNotMatch(html, /innerHTML|src=|href=/);
    assert.match(html, /var\(--vscode-editor-background\)/);
    assert.throws(() => previewHtml('"><script>'));
  });
  it('the CodeLens line reads like "1,532 contacts, previewed 10:42"', () => {
    const at = new Date(2025, 5, 2, 10, 42);
    assert.equal(describeSummary({ count: 1532, exact: true, draft: false, at }), '1,532 contacts, previewed 10:42');
    assert.equal(describeSummary({ count: 1, exact: true, draft: false, at }), '1 contact, previewed 10:42');
    assert.equal(describeSummary({ count: 50, exact: false, draft: true, at }), '50+ contacts, draft previewed 10:42');
  });
});

describe('account data cache', () => {
  const campaign = (id: string, updated_at: string): Campaign => ({ campaign_id: id, name: `Campaign ${id}`, updated_at });
  it('reads the details of new or changed campaigns only', async () => {
    const asked: string[] = [];
    const fetchers = (list: Campaign[]) => ({
      campaigns: async () => list,
      campaign: async (id: string): Promise<CampaignDetail> => (asked.push(id), { ...list.find((c) => c.campaign_id === id)!, campaign_activities: [{ campaign_activity_id: `act-${id}`, role: 'primary_email' }] }),
    });
    const first = await campaignActivities(fetchers([campaign('a', '1'), campaign('b', '1')]), undefined);
    assert.equal(first.fetched, 2);
    const second = await campaignActivities(fetchers([campaign('a', '1'), campaign('b', '2'), campaign('c', '1')]), first.campaigns);
    assert.equal(second.fetched, 2);
    assert.deepEqual(asked, ['a', 'b', 'b', 'c']);
    const entry: AccountCacheEntry = { fetchedAt: Date.now(), lists: [{ id: 'l', name: 'List' }], tags: [], customFields: [], campaigns: second.campaigns };
    const data = toAccountData(entry);
    assert.deepEqual(data.campaignActivities?.map((a) => a.name).sort(), ['Campaign a (primary_email)', 'Campaign b (primary_email)', 'Campaign c (primary_email)']);
    assert.ok(isFresh(entry));
    assert.ok(!isFresh({ ...entry, fetchedAt: Date.now() - FRESH_MS - 1 }));
    assert.ok(!isFresh(undefined));
  });
});

describe('small helpers', () => {
  it('orders segments by name or by the latest edit', () => {
    const list = [
      { segment_id: 1, name: 'beta', edited_at: '2024-01-01T00:00:00Z' },
      { segment_id: 2, name: 'Alpha', edited_at: '2024-03-01T00:00:00Z' },
      { segment_id: 3, name: 'gamma', created_at: '2024-02-01T00:00:00Z' },
    ];
    assert.deepEqual(sortSegments(list, 'name').map((s) => s.segment_id), [2, 1, 3]);
    assert.deepEqual(sortSegments(list, 'date').map((s) => s.segment_id), [2, 3, 1]);
    assert.deepEqual(list.map((s) => s.segment_id), [1, 2, 3], 'sorting copies');
  });
  it('accepts a sandbox on this machine only', () => {
    assert.equal(checkSandboxUrl('http://127.0.0.1:4010/v3'), undefined);
    assert.equal(checkSandboxUrl('http://localhost:4010/v3'), undefined);
    assert.match(checkSandboxUrl('https://evil.example/v3') ?? '', /this machine/);
    assert.match(checkSandboxUrl('nope') ?? '', /not a URL/);
    assert.equal(hostOf('http://127.0.0.1:4010/v3'), '127.0.0.1:4010');
  });
  it("names the editor's commands in deploy refusals, never the CLI's", () => {
    assert.equal(
      nameTakenMessage('X', 4),
      'The name "X" is already used by segment 4 in this account. To manage that segment from a file, pull it ("Segment Criteria: Pull" on segment 4, e.g. from the Segments view) and edit that file; or give this segment another name.',
    );
    const refusals = [
      deployMessage('a.segment.json', { kind: 'refused', reason: 'name-taken', action: 'create', name: 'X', holderId: 4, conflict: true }),
      deployMessage('a.segment.json', { kind: 'refused', reason: 'no-sync-record', segmentId: 4, diff: '' }),
      deployMessage('a.segment.json', { kind: 'refused', reason: 'remote-edited', segmentId: 4, diff: '' }),
    ];
    for (const m of refusals) assert.doesNotMatch(m, /segment-criteria pull|--force/);
  });
});
