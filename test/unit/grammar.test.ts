// The TextMate grammar: the committed file matches what the vocabulary generates, and it tokenizes the
// way VS Code will (vscode-textmate + oniguruma, the engine VS Code itself runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { GRAMMAR_PATH, grammarText, vocabularyWords } from '../../scripts/generate-grammar';

const require = createRequire(import.meta.url);

interface Token {
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;
function loadGrammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === 'source.segment-json' ? textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
    });
    const grammar = await registry.loadGrammar('source.segment-json');
    assert.ok(grammar, 'grammar loads');
    return grammar;
  })();
  return grammarPromise;
}

async function tokenize(text: string): Promise<Token[]> {
  const grammar = await loadGrammar();
  const out: Token[] = [];
  let stack = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim() !== '') out.push({ text: s, scopes: t.scopes });
    }
    stack = r.ruleStack;
  }
  return out;
}

/** The scopes of the n-th token whose text is exactly `text`. */
function scopesOf(tokens: Token[], text: string, nth = 0): string[] {
  const found = tokens.filter((t) => t.text === text)[nth];
  assert.ok(found, `a token ${JSON.stringify(text)} (#${nth}) in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return found.scopes;
}

const has = (scopes: string[], prefix: string) => scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));

test('the committed grammar is what scripts/generate-grammar.ts makes from the vocabulary', () => {
  assert.equal(readFileSync(GRAMMAR_PATH, 'utf8'), grammarText(), 'syntaxes/segment.tmLanguage.json drifted: run `npm run gen:grammar`');
});

test('JSON with comments: comments, strings with escapes, numbers, constants, punctuation, keys', async () => {
  const tokens = await tokenize(
    [
      '// line comment',
      '{',
      '  /* block',
      '     comment */ "name": "Say \\"hi\\" \\u00e9 \\q",',
      '  "x": [1, -2.5e3, true, null], "y": {}',
      '}',
    ].join('\n'),
  );
  assert.ok(has(scopesOf(tokens, '//'), 'punctuation.definition.comment.json'));
  assert.ok(has(scopesOf(tokens, ' line comment'), 'comment.line.double-slash.json'));
  assert.ok(has(scopesOf(tokens, '     comment '), 'comment.block.json'));
  assert.ok(has(scopesOf(tokens, '{'), 'punctuation.definition.dictionary.begin.json'));
  assert.ok(has(scopesOf(tokens, '}', 1), 'punctuation.definition.dictionary.end.json'));
  assert.ok(has(scopesOf(tokens, 'x'), 'support.type.property-name.json'));
  assert.ok(has(scopesOf(tokens, '\\"'), 'constant.character.escape.json'));
  assert.ok(has(scopesOf(tokens, '\\u00e9'), 'constant.character.escape.json'));
  assert.ok(has(scopesOf(tokens, '\\q'), 'invalid.illegal.unrecognized-string-escape.json'));
  assert.ok(has(scopesOf(tokens, '-2.5e3'), 'constant.numeric.json'));
  assert.ok(has(scopesOf(tokens, 'true'), 'constant.language.json'));
  assert.ok(has(scopesOf(tokens, 'null'), 'constant.language.json'));
  assert.ok(has(scopesOf(tokens, '['), 'punctuation.definition.array.begin.json'));
  assert.ok(has(scopesOf(tokens, ':'), 'punctuation.separator.dictionary.key-value.json'));
  assert.ok(!tokens.some((t) => has(t.scopes, 'invalid') && t.text !== '\\q'), 'nothing else invalid');
});

test('a guide example: keys and vocabulary values get their scopes', async () => {
  const tokens = await tokenize(
    [
      '{',
      '  "name": "tags", // a name, not a source',
      '  "segment_criteria": {',
      '    "version": "1.0.0",',
      '    "criteria": { "type": "and", "group": [',
      '      { "source": "tracking", "field": "opened", "op": "contains-any",',
      '        "const_value": "last-n-campaigns", "param": "5",',
      '        "const_date_value" /* window */ : "in-range", "date_param": ["2017-12-15T01:16:00+0000", "2018-02-28T01:16:00+0000"] },',
      '      { "sourc": "contact", "op": "tags" }',
      '    ] }',
      '  }',
      '}',
    ].join('\n'),
  );
  for (const key of ['name', 'segment_criteria', 'version', 'criteria', 'type', 'group', 'source', 'field', 'op', 'const_value', 'param', 'const_date_value', 'date_param']) {
    const scopes = scopesOf(tokens, key);
    assert.ok(has(scopes, 'keyword.other.segment-key'), `${key} is a known key: ${scopes.join(' ')}`);
    assert.ok(has(scopes, 'support.type.property-name.json'), `${key} is still a property name for JSON themes`);
  }
  assert.ok(has(scopesOf(tokens, 'tracking'), 'support.class.segment-source'));
  assert.ok(has(scopesOf(tokens, 'contains-any'), 'keyword.operator.word.segment-op'));
  assert.ok(has(scopesOf(tokens, 'last-n-campaigns'), 'support.constant.segment-constant'));
  assert.ok(has(scopesOf(tokens, 'in-range'), 'support.constant.segment-constant'), 'after a comment between key and colon');
  assert.ok(has(scopesOf(tokens, 'and'), 'keyword.control.segment-group-type'));
  assert.ok(has(scopesOf(tokens, 'and'), 'string.quoted.double.json'), 'still a string');
  // Words are highlighted only under their key; unknown keys stay plain property names.
  assert.ok(!has(scopesOf(tokens, 'tags', 0), 'support.class'), '"name": "tags" is plain text');
  assert.ok(!has(scopesOf(tokens, 'tags', 1), 'keyword.operator'), '"op": "tags" is not an operator');
  assert.ok(!has(scopesOf(tokens, 'opened'), 'keyword'), 'field values are plain strings');
  const typo = scopesOf(tokens, 'sourc');
  assert.ok(has(typo, 'support.type.property-name.json') && !has(typo, 'keyword.other.segment-key'));
  assert.ok(!has(scopesOf(tokens, 'contact'), 'support.class'), 'no source vocabulary under an unknown key');
  assert.ok(has(scopesOf(tokens, ' a name, not a source'), 'comment.line'));
  assert.ok(!tokens.some((t) => has(t.scopes, 'invalid')), 'nothing invalid');
});

test('every vocabulary word is highlighted under its key', async () => {
  const w = vocabularyWords();
  const cases: Array<[string, string[], string]> = [
    ['source', w.sources, 'support.class.segment-source'],
    ['op', w.operators, 'keyword.operator.word.segment-op'],
    ['const_value', w.constValues, 'support.constant.segment-constant'],
    ['const_date_value', w.constDateValues, 'support.constant.segment-constant'],
    ['type', w.groupTypes, 'keyword.control.segment-group-type'],
  ];
  for (const [key, words, scope] of cases) {
    for (const word of words) {
      const tokens = await tokenize(`{ "${key}": "${word}" }`);
      assert.ok(has(scopesOf(tokens, word), scope), `${key}: ${word}`);
    }
    const tokens = await tokenize(`{ "${key}": "${words[0]}x" }`);
    assert.ok(!has(scopesOf(tokens, `${words[0]}x`), scope), `${key}: a near miss is not highlighted`);
  }
  for (const key of w.keys) {
    const tokens = await tokenize(`{ "${key}": 1 }`);
    assert.ok(has(scopesOf(tokens, key), 'keyword.other.segment-key'), `key ${key}`);
  }
});

test('language-configuration.json: JSON-like comments, brackets and indentation rules that compile', () => {
  const config = JSON.parse(readFileSync(new URL('../../language-configuration.json', import.meta.url), 'utf8'));
  assert.deepEqual(config.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
  assert.deepEqual(config.brackets, [['{', '}'], ['[', ']']]);
  const quote = config.autoClosingPairs.find((p: { open: string }) => p.open === '"');
  assert.ok(quote.notIn.includes('string'), 'no auto-closed quote inside a string');
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('  "criteria": {'));
  assert.ok(increase.test('  "group": ['));
  assert.ok(!increase.test('  "name": "a { b",'));
  assert.ok(decrease.test('  },'));
  assert.ok(new RegExp(config.folding.markers.start).test('  // #region lists'));
  assert.ok(new RegExp(config.folding.markers.end).test('  // #endregion'));
  assert.ok(new RegExp(config.wordPattern).exec('"contains-any"')?.[0] === 'contains-any', 'hyphenated words are one word');
});
