/**
 * The examples/ workspace (opened by `npm start`) is realistic: every example checks clean against the
 * language service (but the one that demonstrates a quick fix), and selects contacts of the sandbox's sample.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codeActions, validate, applyEdits } from '../../server/src/language/service';
import { parseSegmentFile, requestBody } from '../../domain/src/segmentFile';
import { Evaluator } from '../../sandbox/src/evaluator';
import { sampleData } from '../../sandbox/src/sampleData';

const dir = new URL('../../examples/', import.meta.url).pathname;
const evaluator = new Evaluator(sampleData());
const account = (() => {
  const d = sampleData();
  return {
    lists: d.lists.map((l) => ({ id: l.list_id, name: l.name })),
    tags: d.tags.map((t) => ({ id: t.tag_id, name: t.name })),
    customFields: d.custom_fields.map((f) => ({ name: f.name, label: f.label })),
  };
})();

describe('examples/', () => {
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.segment.json'))) {
    it(`${name} is realistic`, () => {
      let text = readFileSync(join(dir, name), 'utf8');
      if (name === 'try-the-quick-fix.segment.json') {
        const errors = validate(text, { account }).filter((d) => d.severity === 'error');
        assert.deepEqual(errors.map((d) => d.code), ['repeated-list-membership']);
        text = applyEdits(text, codeActions(text, errors)[0]!.edits);
      }
      assert.deepEqual(validate(text, { account }), [], 'clean when signed in to the sandbox');
      const selected = evaluator.select(requestBody(parseSegmentFile(text, name)).segment_criteria);
      assert.ok(selected.length > 0 && selected.length < 320, `${name} selects some contacts, not all (${selected.length})`);
    });
  }
});
