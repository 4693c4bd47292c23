/**
 * Completion and the grouping checks read one module (grouping.ts): a source that completion offers in a
 * member never makes the checks flag the grouping, and one it leaves out always does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as service from '../../server/src/language/service';
import { SOURCES } from '../../server/src/language/vocabulary';
import { file, marked } from '../markers';

const GROUPING_CODES = new Set(['mixed-sources-in-or', 'repeated-list-membership', 'repeated-tags']);
const LIST = '4c08372c-957a-48b5-bc45-72c7f00796cd';
const c = (source: string) => `{ "source": "${source}", "field": "x", "op": "eq", "value": "${LIST}" }`;
const or = (...members: string[]) => `{ "type": "or", "group": [ ${members.join(', ')} ] }`;
const and = (...members: string[]) => `{ "type": "and", "group": [ ${members.join(', ')} ] }`;

/** `members` with `%s` where the member at the cursor has its source. */
interface Case {
  name: string;
  members: string;
  offered: string[];
  /** The source the member already has, when the cursor is on it. */
  own?: string;
}

const cases: Case[] = [
  { name: 'in an "or" group, the source of its other members', members: or(c('contact'), c('%s')), offered: ['contact'] },
  { name: 'in an "or" group, at its first member', members: or(c('%s'), c('tags')), offered: ['tags'] },
  // Completion used to leave out only the member's own source's value, whoever held it: it offered every source.
  { name: 'in an "or" group, where a sibling has the same source as this member', members: or(c('contact'), c('%s')), own: 'contact', offered: ['contact'] },
  // Completion used to offer the sibling's misspelled source (and nothing else); the checks ignore unknown sources.
  { name: 'in an "or" group whose other member has a misspelled source', members: or(c('trackng'), c('%s')), offered: ['tracking', 'contact', 'list_membership', 'tags'] },
  // Completion used to read only criteria: an "or" group nested in the "or" counted for nothing.
  { name: 'in an "or" group holding an "or" group of tags', members: or(or(c('tags'), c('tags')), c('%s')), offered: ['tags'] },
  { name: 'under the top "and" with a list criterion', members: `${c('list_membership')}, ${c('%s')}`, offered: ['tracking', 'contact', 'tags'] },
  { name: 'under the top "and" with an "or" group of tags', members: `${or(c('tags'), c('tags'))}, ${c('%s')}`, offered: ['tracking', 'contact', 'list_membership'] },
  // Completion used to look at the nested "and" alone; the checks count every member joined by "and" with the top.
  { name: 'in an "and" group inside the top "and", which holds a list criterion', members: `${c('list_membership')}, ${and(c('contact'), c('%s'))}`, offered: ['tracking', 'contact', 'tags'] },
];

const labels = (text: string) => {
  const m = marked(text);
  return service.complete(m.text, m.cursor!).map((i) => i.label);
};

describe('completion and the grouping checks agree', () => {
  for (const k of cases) {
    it(`offers a member's source ${k.name}, exactly the ones the checks accept`, () => {
      const offered = labels(file(`        ${k.members.replace('%s', `${k.own ?? ''}‸`)}`));
      assert.deepEqual(offered, k.offered);
      for (const s of SOURCES.map((x) => x.id)) {
        const flagged = service.validate(file(`        ${k.members.replace('%s', s)}`)).filter((d) => GROUPING_CODES.has(d.code));
        assert.equal(flagged.length === 0, offered.includes(s), `${s}: offered ${offered.includes(s)}, flagged ${JSON.stringify(flagged.map((d) => d.code))}`);
      }
    });
  }

  it('offers member snippets by the same rules', () => {
    const snippets = (members: string) => labels(file(`        ${members}`)).filter((l) => l.endsWith(' criterion') || l.includes(':'));
    // A misspelled source in an "or" group used to leave no snippet at all.
    assert.deepEqual(snippets(or(c('trackng'), '‸')), ['tracking criterion', 'contact criterion', 'list_membership criterion', 'tags criterion']);
    assert.deepEqual(snippets(or(or(c('tags')), '‸')), ['tags criterion']);
    // In an "and" inside the top "and", a list group is not offered when the top holds a list criterion.
    assert.ok(!snippets(`${c('list_membership')}, ${and(c('contact'), '‸')}`).some((l) => l.startsWith('list membership')));
    assert.ok(snippets(`${c('contact')}, ${and(c('contact'), '‸')}`).some((l) => l.startsWith('list membership')));
  });

  it('offers a nested group\'s type by the same rules: "or" in an "and", nothing in an "or"', () => {
    assert.deepEqual(labels(file(`        { "type": "‸", "group": [] }`)), ['or']);
    assert.deepEqual(labels(file(`        ${or(c('contact'), '{ "type": "‸", "group": [] }')}`)), []);
  });
});
