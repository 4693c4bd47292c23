/** JSON printed from a parse tree keeps every token as written, and lays it out as JSON.stringify does. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compactJson, jsonTree, prettyJson } from '../../domain/src/jsonText.js';
import { parseSegmentFile, renderSegmentFile, requestBody } from '../../domain/src/segmentFile.js';

const objects = fc.dictionary(fc.string(), fc.jsonValue());

describe('JSON from a parse tree', () => {
  it('lays out any value as JSON.stringify does, compact and indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v, null, 2);
        const tree = jsonTree(text)!;
        assert.equal(compactJson(text, tree), JSON.stringify(v));
        assert.equal(prettyJson(JSON.stringify(v), jsonTree(JSON.stringify(v))!), text);
      }),
    );
  });

  it('keeps numbers and strings as written, and key order', () => {
    const text = '{ "b": 10.50, "a": [1e3, -0, 12345678901234567890], "c": "caf\\u00e9 \\/" /* note */ }';
    assert.equal(compactJson(text, jsonTree(text)!), '{"b":10.50,"a":[1e3,-0,12345678901234567890],"c":"caf\\u00e9 \\/"}');
  });

  it('pull writes the same file as before for criteria JSON.stringify would print the same way', () => {
    fc.assert(
      fc.property(objects, (criteria) => {
        const plain = renderSegmentFile({ name: 'n', criteria, segmentId: 3 });
        assert.equal(plain, JSON.stringify({ name: 'n', segment_criteria: criteria, segment_id: 3 }, null, 2) + '\n');
        assert.equal(renderSegmentFile({ name: 'n', criteria, criteriaJson: JSON.stringify(criteria), segmentId: 3 }), plain);
      }),
    );
  });

  it('a pulled file sends back the criteria it was pulled from, byte for byte', () => {
    const sent = '{"version":"1.0.0","criteria":{"type":"and","group":[{"source":"shop","price":10.50,"id":12345678901234567890,"s":"\\u00e9"}]}}';
    const text = renderSegmentFile({ name: 'n', criteria: JSON.parse(sent), criteriaJson: sent });
    assert.equal(requestBody(parseSegmentFile(text, 'f')).segment_criteria, sent);
  });
});
