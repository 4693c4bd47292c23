import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseSegmentFile, requestBody, setSyncFields, unescapeBody } from '../../domain/src/segmentFile.js';
import { escape } from '../../cli/src/commands/escape.js';
import { unescape } from '../../cli/src/commands/unescape.js';
import { memoryIo, tempDir } from './cliFixture.js';

const GUIDE_BODY =
  '{"name":"Opened last five campaigns","segment_criteria":"{\\"version\\":\\"1.0.0\\",\\"criteria\\":{\\"type\\":\\"and\\",\\"group\\":[{\\"source\\":\\"tracking\\",\\"field\\":\\"opened\\",\\"op\\":\\"contains-any\\",\\"const_value\\":\\"last-n-campaigns\\",\\"param\\":\\"5\\"}]}}"}';

const READABLE = `{
  // Everyone who opened one of the last five campaigns.
  "$schema": "https://example.com/segment.schema.json",
  "name": "Opened last five campaigns",
  "segment_criteria": {
    "version": "1.0.0",
    "criteria": { "type": "and", "group": [
      { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns", "param": "5" } /* the UI's max */
    ] }
  },
  "segment_id": 16,
  "sync": { "account": "a", "api": "api.cc.email", "hash": "x" }
}
`;

describe('escape and unescape commands', () => {
  it('escape prints the guide\'s exact request body, dropping comments and sync fields', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'open.segment.json'), READABLE);
    const io = memoryIo({ cwd: dir });
    assert.equal(await escape(['open.segment.json'], io), 0, io.stderr);
    assert.equal(io.stdout, GUIDE_BODY + '\n');
  });

  it('escape refuses a file with errors and says what to do', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.segment.json'), '{"name": "x", "segment_criteria": {"version": "1.0.0", "criteria": {"type": "or", "group": []}}}');
    const io = memoryIo({ cwd: dir });
    assert.equal(await escape(['bad.segment.json'], io), 1);
    assert.match(io.stderr, /^bad\.segment\.json:\d+:\d+: error /m);
    assert.match(io.stderr, /--no-check/);
    assert.equal(io.stdout, '');
    const missing = memoryIo({ cwd: dir });
    assert.equal(await escape(['nope.segment.json'], missing), 2);
    assert.match(missing.stderr, /nope\.segment\.json: no such file\./);
  });

  it('escape refuses escaped criteria nested past the depth limit', async () => {
    const dir = tempDir();
    const deep = `{"version":"1.0.0","criteria":${'['.repeat(100)}${']'.repeat(100)}}`;
    writeFileSync(join(dir, 'deep.segment.json'), JSON.stringify({ name: 'Deep', segment_criteria: deep }));
    const io = memoryIo({ cwd: dir });
    assert.equal(await escape(['deep.segment.json'], io), 1);
    assert.match(io.stderr, /^deep\.segment\.json:1:\d+: error too-deep /m);
    assert.equal(io.stdout, '');
  });

  it('unescape reads stdin and writes a readable, deterministic file', async () => {
    const io = memoryIo({ stdin: GUIDE_BODY });
    assert.equal(await unescape([], io), 0, io.stderr);
    assert.equal(
      io.stdout,
      '{\n  "name": "Opened last five campaigns",\n  "segment_criteria": {\n    "version": "1.0.0",\n    "criteria": {\n      "type": "and",\n      "group": [\n        {\n          "source": "tracking",\n          "field": "opened",\n          "op": "contains-any",\n          "const_value": "last-n-campaigns",\n          "param": "5"\n        }\n      ]\n    }\n  }\n}\n',
    );
    const bad = memoryIo({ stdin: '{"segment_criteria": "{}"}' });
    assert.equal(await unescape([], bad), 1);
    assert.match(bad.stderr, /"name" is missing/);
  });

  it('unescape --out never overwrites without --force', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.json'), GUIDE_BODY);
    writeFileSync(join(dir, 'taken.segment.json'), 'mine');
    const io = memoryIo({ cwd: dir });
    assert.equal(await unescape(['in.json', '--out', 'taken.segment.json'], io), 1);
    assert.match(io.stderr, /already exists/);
    assert.equal(await unescape(['in.json', '--out', 'new.segment.json'], memoryIo({ cwd: dir })), 0);
  });

  it('unescape accepts the guide\'s {name, criteria} shape', () => {
    const file = unescapeBody('{"name": "n", "criteria": {"type": "and", "group": []}}');
    assert.deepEqual(parseSegmentFile(file, 'f').criteria, { version: '1.0.0', criteria: { type: 'and', group: [] } });
  });
});

/** Arbitrary JSON objects, including awkward keys and strings (quotes, backslashes, unicode, __proto__). */
const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'version', 'criteria', '"', '\\', '\u2028'));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }),
    fc.boolean(),
    fc.constant(null),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
}));

describe('escape/unescape round trip (property)', () => {
  it('unescape then escape gives back the same name and criteria, byte for byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }).filter((s) => s.trim() !== ''), json.object, (name, criteria) => {
        const body = { name, segment_criteria: JSON.stringify(criteria) };
        const file = unescapeBody(JSON.stringify(body));
        assert.deepEqual(requestBody(parseSegmentFile(file, 'f')), body);
        // Sync fields written by deploy change nothing in the body.
        const synced = setSyncFields(file, 7, { account: 'acct', api: 'api.cc.email', hash: 'h' });
        assert.deepEqual(requestBody(parseSegmentFile(synced, 'f')), body);
      }),
      { numRuns: 300 },
    );
  });
});
