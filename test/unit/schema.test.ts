/** schemas/segment.schema.json is what the vocabulary builds: a test fails when it drifts. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { schemaText, validatorsText } from '../../scripts/generate-schema';
import { CODES } from '../../server/src/language/codes';
import { OPS, SOURCES } from '../../server/src/language/vocabulary';

const committed = readFileSync(new URL('../../schemas/segment.schema.json', import.meta.url), 'utf8');

describe('the schema', () => {
  it('matches the vocabulary (run `npm run gen:schema` after changing it)', () => {
    assert.equal(committed, schemaText());
  });

  it('the server\'s compiled validators match the schema (run `npm run gen:schema`)', () => {
    const generated = readFileSync(new URL('../../server/src/language/generated/validators.js', import.meta.url), 'utf8');
    assert.equal(generated, validatorsText());
  });

  it('is a valid draft-07 schema that any JSON-Schema-aware editor can use', () => {
    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    const validate = ajv.compile(JSON.parse(committed));
    const good = { name: 'x', segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'MA' }] } } };
    assert.equal(validate(good), true);
    const bad = { name: 'x', segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'contains', value: 'MA' }] } } };
    assert.equal(validate(bad), false);
  });

  it('names every source and operator with the guide\'s descriptions', () => {
    for (const s of SOURCES) assert.ok(committed.includes(s.doc.summary.replace(/"/g, '\\"')), s.id);
    for (const o of OPS) assert.ok(committed.includes(o.doc.summary.replace(/"/g, '\\"')), o.id);
  });

  it('settings accept every diagnostic code', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const names: string[] = pkg.contributes.configuration.properties['segmentCriteria.diagnostics.severity'].propertyNames.enum;
    assert.deepEqual([...names].sort(), Object.keys(CODES).sort());
  });
});
