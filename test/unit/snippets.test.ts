/**
 * The contributed snippets: the committed file is what the vocabulary generates, there is one per operand
 * form, every choice a placeholder offers gives a valid segment, and a placeholder where the language
 * has a fixed set of words always lists them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'jsonc-parser';
import { SNIPPETS_PATH, snippetsText } from '../../scripts/generate-snippets';
import { validate } from '../../server/src/language/service';
import { allSnippets, expandSnippet, SEGMENT_SNIPPET, type SegmentSnippet } from '../../server/src/language/snippets';
import { FIELD_KINDS, OP_IDS, SOURCES } from '../../server/src/language/vocabulary';
import { file } from '../markers';

const CHOICE = /\$\{(\d+)\|([^|]*)\|\}/g;

/** The snippet's text as a segment file: criteria and groups go into a top group's member list. */
function asFile(s: SegmentSnippet, body = s.body): string {
  const text = expandSnippet(body);
  return s === SEGMENT_SNIPPET ? text : file(text);
}

describe('the snippets', () => {
  it('match the vocabulary (run `npm run gen:snippets` after changing it)', () => {
    assert.equal(readFileSync(SNIPPETS_PATH, 'utf8'), snippetsText());
  });

  it('are VS Code snippets: a prefix, a description and a body each, the whole segment a file template', () => {
    const parsed = parse(readFileSync(SNIPPETS_PATH, 'utf8')) as Record<string, { prefix: string; description: string; body: string[]; isFileTemplate?: boolean }>;
    assert.equal(Object.keys(parsed).length, allSnippets().length);
    for (const [name, s] of Object.entries(parsed)) {
      assert.ok(s.prefix && s.description && s.body.length > 0, name);
    }
    assert.deepEqual(Object.entries(parsed).filter(([, s]) => s.isFileTemplate).map(([n]) => n), [SEGMENT_SNIPPET.name]);
    assert.equal(new Set(Object.values(parsed).map((s) => s.prefix)).size, allSnippets().length, 'prefixes are unique');
  });

  it('have one criterion snippet per operand form of every source, offering exactly its operators', () => {
    for (const source of SOURCES) {
      for (const kind of new Set(source.fields.map((f) => f.kind))) {
        for (const form of FIELD_KINDS.find((k) => k.id === kind)!.forms) {
          const s = allSnippets().find((x) => x.prefix === `criterion-${form.id}`);
          assert.ok(s, `no snippet for ${form.id}`);
          assert.match(s.body, new RegExp(`"source": "${source.id}"`));
          const op = /"op": "([^"]*)"/.exec(s.body)![1]!;
          const offered = op.startsWith('${') ? op.replace(/^\$\{\d+\||\|\}$/g, '').split(',') : [op];
          assert.deepEqual(offered, form.ops, form.id);
          if (form.constValue) assert.match(s.body, new RegExp(`"const_value": "${form.constValue}"`), form.id);
        }
      }
    }
  });

  it('are valid segments with their defaults and with every choice they offer', () => {
    for (const s of allSnippets()) {
      const errors = (text: string) => validate(text).filter((d) => d.severity === 'error');
      assert.deepEqual(errors(asFile(s)), [], s.name);
      for (const m of s.body.matchAll(CHOICE)) {
        for (const option of m[2]!.split(',')) {
          const body = s.body.replace(m[0], option).replace(new RegExp(`\\$${m[1]}(?!\\d)`, 'g'), option);
          assert.deepEqual(errors(asFile(s, body)), [], `${s.name} with ${option}`);
        }
      }
    }
  });

  it('list the choices of every placeholder that stands for a word of the language', () => {
    const words: Record<string, (choice: string) => boolean> = {
      source: (c) => SOURCES.some((x) => x.id === c),
      field: (c) => SOURCES.some((x) => x.fields.some((f) => f.name === c)),
      op: (c) => (OP_IDS as readonly string[]).includes(c),
      const_value: () => true,
      const_date_value: () => true,
      type: (c) => c === 'and' || c === 'or',
    };
    for (const s of allSnippets()) {
      for (const m of s.body.matchAll(/"([a-z_]+)": "(\$\{[^"]*\}|\$\d+)"/g)) {
        const [, key, value] = m;
        if (!(key! in words)) continue;
        const choice = /^\$\{(\d+)\|([^|]*)\|\}$/.exec(value!);
        const mirror = /^\$(\d+)$/.exec(value!);
        assert.ok(choice || (mirror && new RegExp(`\\$\\{${mirror[1]}\\|`).test(s.body)), `${s.name}: "${key}" is a free placeholder ${value}, not a choice`);
        if (choice) for (const c of choice[2]!.split(',')) assert.ok(words[key!]!(c), `${s.name}: "${c}" is not a ${key}`);
      }
    }
  });
});
