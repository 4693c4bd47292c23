// Writing segment_id and sync into a user's file: only those members change, in the file's own style;
// every other byte (comments, layout, line ends) stays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseRoot, sameJson, setMember } from '../../domain/src/jsonEdits.js';
import { parseJsonc, parseSegmentFile, setSyncFields } from '../../domain/src/segmentFile.js';

const sync = { account: 'acct', api: 'api.cc.email', hash: 'a'.repeat(64), edited_at: '2026-01-02T03:04:05Z' };
const criteria = { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'MA' }] } };

/** What is left of `after` once the inserted text is taken out: must be `before`, byte for byte. */
function withoutInsertion(before: string, after: string): string {
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  let j = 0;
  while (j < before.length - i && before[before.length - 1 - j] === after[after.length - 1 - j]) j++;
  return after.slice(0, i) + after.slice(after.length - j);
}

describe('write-back changes only segment_id and sync', () => {
  it('a one-line file stays one line, in its own spacing, with every other byte as it was', () => {
    const text = `{"name":"One line","segment_criteria":${JSON.stringify(criteria)}} // mine\n`;
    const out = setSyncFields(text, 42, sync);
    assert.equal(out.split('\n').length, 2, `still one line: ${out}`);
    assert.equal(withoutInsertion(text, out), text);
    assert.ok(out.includes(',"segment_id":42,"sync":{"account":"acct","api":"api.cc.email",'), out);
    assert.deepEqual(parseSegmentFile(out, 'f').sync, sync);
  });

  it('a pretty file with tabs and CRLF gets new lines in its own indent and line ends', () => {
    const text = '{\r\n\t// who\r\n\t"name": "Tabs",\r\n\t"segment_criteria": {\r\n\t\t"version": "1.0.0",\r\n\t\t"criteria": {"type": "and", "group": []}\r\n\t} // end\r\n}\r\n';
    const out = setSyncFields(text, 7, sync);
    assert.equal(withoutInsertion(text, out.replace('\t}, // end', '\t} // end')), text);
    assert.match(out, /\t\}, \/\/ end\r\n\t"segment_id": 7,\r\n\t"sync": \{\r\n\t\t"account": "acct",\r\n/);
    assert.ok(!/[^\r]\n/.test(out), 'only CRLF line ends');
  });

  it('updating the record replaces only the values that changed', () => {
    const text = setSyncFields('{\n  "name": "N", // kept\n  "segment_criteria": {"version": "1.0.0", "criteria": {}}\n}\n', 3, sync);
    const out = setSyncFields(text, 3, { ...sync, hash: 'b'.repeat(64), edited_at: '2026-02-02T00:00:00Z' });
    assert.equal(out, text.replace('a'.repeat(64), 'b'.repeat(64)).replace('2026-01-02T03:04:05Z', '2026-02-02T00:00:00Z'));
  });

  it('removing the binding takes out the two members and nothing else', () => {
    const text = '{ "name": "N", "segment_criteria": {"version": "1.0.0", "criteria": {}} }';
    assert.equal(setSyncFields(setSyncFields(text, 3, sync), undefined, undefined), text);
  });
});

describe('minimal edits reach any wanted value (property)', () => {
  const value = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constantFrom('MA', 'RI', 1, true, null), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.constantFrom('a', 'b', 'group', 'value', '__proto__'), tie('value'), { maxKeys: 4 }),
  }));
  it('from any layout, the text parses to the wanted value and keeps a comment outside it', () => {
    fc.assert(
      fc.property(value.object, value.object, fc.constantFrom(0, 2, '\t'), fc.boolean(), (have, want, indent, crlf) => {
        let text = `{"name": "n", // mine\n"segment_criteria": ${JSON.stringify(have, null, indent)}}`;
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const out = setMember(text, 'segment_criteria', want);
        const parsed = parseSegmentFile(out, 'f');
        assert.ok(sameJson(parsed.criteria, want), out);
        assert.ok(out.startsWith(text.slice(0, text.indexOf('"segment_criteria"'))));
      }),
      { numRuns: 300 },
    );
  });

  /** JSON written with comments, line breaks and trailing commas between its tokens. */
  function decorated(v: unknown, gaps: string[], trailing: boolean, at = { n: 0 }): string {
    const g = () => gaps[at.n++ % gaps.length]!;
    const list = (items: string[], open: string, close: string) => open + g() + items.map((x) => x + g()).join(',' + g()) + (trailing && items.length ? ',' : '') + g() + close;
    if (Array.isArray(v)) return list(v.map((x) => decorated(x, gaps, trailing, at)), '[', ']');
    if (v && typeof v === 'object') return list(Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${g()}:${g()}${decorated(x, gaps, trailing, at)}`), '{', '}');
    return JSON.stringify(v);
  }
  it('amid comments and trailing commas, sets and removes a member and loses no comment outside it', () => {
    const comments = (t: string) => (t.match(/\/\/ c|\/\* b \*\//g) ?? []).length;
    const valueOf = (t: string) => parseJsonc(t, 'the text') as Record<string, unknown>;
    fc.assert(
      fc.property(value.object, value.value, fc.array(fc.constantFrom('', ' ', '\n', ' // c\n', '/* b */', '\n  '), { minLength: 30, maxLength: 30 }), fc.boolean(), fc.constantFrom('a', 'b', 'z'), (have, want, gaps, trailing, key) => {
        const text = decorated(have, gaps, trailing);
        const member = parseRoot(text)!.children!.filter((c) => c.children![0]!.value === key).pop();
        const outside = member ? text.slice(0, member.offset) + text.slice(member.offset + member.length) : text;
        const set = setMember(text, key, want);
        assert.ok(sameJson(valueOf(set)[key], want), set);
        assert.ok(comments(set) >= comments(outside), `a comment was lost: ${JSON.stringify(text)} -> ${JSON.stringify(set)}`);
        const removed = setMember(set, key, undefined);
        assert.ok(!Object.prototype.hasOwnProperty.call(valueOf(removed), key), removed);
      }),
      { numRuns: 500 },
    );
  });
});
