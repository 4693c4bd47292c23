// The bulk export the CLI's preview --csv and the extension's preview panel share.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { csvRows, exportSegmentContacts } from '../../domain/src/contactExport.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { criteria, fastClient, fastSandbox } from '../api/sandboxFixture.js';

describe('exporting a segment', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await fastSandbox();
  });
  after(() => sb.close());

  it('returns the CSV of every contact and how many it holds', async () => {
    const client = fastClient(sb);
    const s = await client.createSegment({ name: 'Export me', segment_criteria: criteria([{ source: 'contact', field: 'state', op: 'eq', value: 'ma' }]) });
    const out = await exportSegmentContacts(client, s.segment_id);
    assert.match(out.csv, /^Email address,/);
    assert.equal(out.contacts, out.csv.trim().split('\r\n').length - 1);
    assert.ok(out.contacts > 4);
  });

  it('counts the rows after the header', () => {
    assert.equal(csvRows('Email address\r\n'), 0);
    assert.equal(csvRows('Email address\r\na@example.com\r\nb@example.com\r\n'), 2);
  });
});
