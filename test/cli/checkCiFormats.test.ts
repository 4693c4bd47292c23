/** `check --format sarif` and `check --format github`, run as CI runs them: the built CLI in a child process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CODES } from '../../server/src/language/codes';
import { escapeData, escapeProperty } from '../../cli/src/commands/formats/github';
import { file } from '../markers';
import { assertValidSarif } from './sarifSchema';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SEVERAL = file(`        { "source": "contact", "field": "state", "op": "contains", "value": "MA" },
        { "source": "tags", "field": "tag_id", "op": "eq", "value": "not-a-uuid" },
        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns", "param": "10" }`);

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'check-ci-'));
  mkdirSync(join(dir, 'segments', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'segments', 'good.segment.json'), file(`        { "source": "contact", "field": "state", "op": "eq", "value": "MA" }`));
  writeFileSync(join(dir, 'segments', 'nested', 'several.segment.json'), SEVERAL);
  return dir;
}

/** Where a piece of text starts in a file, 1-based, in UTF-16 code units: SARIF's default column kind. */
function at(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('check --format sarif', () => {
  it('writes a log the SARIF 2.1.0 schema accepts: every code a rule, each problem a result with its region', () => {
    const dir = workspace();
    const r = run(['check', '--format', 'sarif', 'segments'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const log = JSON.parse(r.stdout);
    assertValidSarif(log);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const [run0] = log.runs;
    const driver = run0.tool.driver;
    assert.equal(driver.name, 'segment-criteria');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((x: { id: string }) => x.id), Object.keys(CODES));
    const level = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;
    for (const rule of driver.rules) {
      const info = CODES[rule.id]!;
      assert.equal(rule.shortDescription.text, info.summary, rule.id);
      assert.equal(rule.defaultConfiguration.level, level[info.severity], rule.id);
    }
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    assert.equal(run0.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(realpathSync(dir)).href + '/');
    assert.deepEqual(run0.invocations, [{ executionSuccessful: true }]);

    const op = at(SEVERAL, '"contains"');
    const tag = at(SEVERAL, '"not-a-uuid"');
    const param = at(SEVERAL, '"10"');
    const location = (p: { line: number; column: number }, length: number) => [
      { physicalLocation: { artifactLocation: { uri: 'segments/nested/several.segment.json', uriBaseId: '%SRCROOT%' }, region: { startLine: p.line, startColumn: p.column, endLine: p.line, endColumn: p.column + length } } },
    ];
    const results = run0.results.map((x: Record<string, unknown>) => ({ ...x, message: (x.message as { text: string }).text }));
    assert.deepEqual(
      results.map((x: { ruleId: string; level: string; locations: unknown }) => ({ ruleId: x.ruleId, level: x.level, locations: x.locations })),
      [
        { ruleId: 'unknown-op', level: 'error', locations: location(op, '"contains"'.length) },
        { ruleId: 'non-uuid-id', level: 'warning', locations: location(tag, '"not-a-uuid"'.length) },
        { ruleId: 'param-over-ui-limit', level: 'note', locations: location(param, '"10"'.length) },
      ],
    );
    assert.match(results[0].message, /^"contains" is not an operator for contact field "state"/);
    for (const x of run0.results) assert.equal(driver.rules[x.ruleIndex].id, x.ruleId);
  });

  it('a clean file gives a valid log with no results, and exit 0', () => {
    const dir = workspace();
    const r = run(['check', '--format=sarif', 'segments/good.segment.json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout);
    assertValidSarif(log);
    assert.deepEqual(log.runs[0].results, []);
  });

  it('a folder without segment files: a valid empty log, and a word on stderr so that CI does not pass it unnoticed', () => {
    const dir = workspace();
    mkdirSync(join(dir, 'empty'));
    const r = run(['check', '--format', 'sarif', 'empty'], dir);
    assert.equal(r.code, 0);
    assertValidSarif(JSON.parse(r.stdout));
    assert.deepEqual(JSON.parse(r.stdout).runs[0].results, []);
    assert.equal(r.stderr, 'segment-criteria: no *.segment.json files found.\n');
  });

  it('counts columns in UTF-16 code units and percent-encodes the path', () => {
    const dir = workspace();
    mkdirSync(join(dir, 'my segs'));
    // Two characters outside the BMP before the problem on the same line: 2 code units each.
    const text = '{"name": "😀 fans 😀", "segment_criteria": {"version": "1.0.0", "criteria": {"type": "and", "group": [{"source": "contact", "field": "state", "op": "contains", "value": "MA"}]}}}\n';
    writeFileSync(join(dir, 'my segs', 'a#b%c.segment.json'), text);
    const r = run(['check', '--format', 'sarif', 'my segs'], dir);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assertValidSarif(log);
    const [result] = log.runs[0].results;
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'my%20segs/a%23b%25c.segment.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: text.indexOf('"contains"') + 1, endLine: 1, endColumn: text.indexOf('"contains"') + 1 + '"contains"'.length },
    });
    assert.equal(text.indexOf('"contains"'), [...text].findIndex((_, i, a) => a.slice(i).join('').startsWith('"contains"')) + 2, 'the emoji count twice');
  });

  it('a file outside the working directory is an absolute file URI', () => {
    const dir = workspace();
    const elsewhere = workspace();
    const r = run(['check', '--format', 'sarif', join(elsewhere, 'segments', 'nested', 'several.segment.json')], dir);
    const log = JSON.parse(r.stdout);
    assertValidSarif(log);
    assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(join(elsewhere, 'segments', 'nested', 'several.segment.json')).href });
  });

  it('a file that cannot be read: exit 2 without a stack trace, and the log says the run did not finish', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'segments', 'latin1.segment.json'), Buffer.from([0x7b, 0x22, 0x6e, 0xe9, 0x22, 0x7d]));
    const r = run(['check', '--format', 'sarif', 'segments', 'nope.segment.json'], dir);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.match(r.stderr, /segment-criteria: nope\.segment\.json: no such file or folder\./);
    assert.match(r.stderr, /segment-criteria: segments\/latin1\.segment\.json: not UTF-8 text/);
    const log = JSON.parse(r.stdout);
    assertValidSarif(log);
    const [invocation] = log.runs[0].invocations;
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(
      invocation.toolExecutionNotifications.map((n: { level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [n.level, n.locations[0]!.physicalLocation.artifactLocation.uri]),
      [
        ['error', 'nope.segment.json'],
        ['error', 'segments/latin1.segment.json'],
      ],
    );
    // What could be read is still reported.
    assert.deepEqual(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId), ['unknown-op', 'non-uuid-id', 'param-over-ui-limit']);
  });

  it('names the formats it takes', () => {
    const r = run(['check', '--format', 'xml', 'segments'], workspace());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format takes "text", "json", "sarif" or "github"\./);
  });
});

describe('check --format github', () => {
  it('prints one workflow command per diagnostic: error, warning, notice', () => {
    const dir = workspace();
    const r = run(['check', '--format', 'github', 'segments'], dir);
    assert.equal(r.code, 1, r.stderr);
    const op = at(SEVERAL, '"contains"');
    const tag = at(SEVERAL, '"not-a-uuid"');
    const param = at(SEVERAL, '"10"');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.equal(
      lines[0],
      `::error file=segments/nested/several.segment.json,line=${op.line},col=${op.column},endLine=${op.line},endColumn=${op.column + 10},title=unknown-op::"contains" is not an operator for contact field "state": use "eq", "ne", "starts-with" or "contains-string".`,
    );
    assert.match(lines[1]!, new RegExp(`^::warning file=segments/nested/several\\.segment\\.json,line=${tag.line},col=${tag.column},endLine=${tag.line},endColumn=${tag.column + 12},title=non-uuid-id::"not-a-uuid" does not look like a tag id`));
    assert.match(lines[2]!, new RegExp(`^::notice file=segments/nested/several\\.segment\\.json,line=${param.line},col=${param.column},endLine=${param.line},endColumn=${param.column + 4},title=param-over-ui-limit::`));
  });

  it('escapes %, CR and LF in the message, and also : and , in the file property', () => {
    const dir = workspace();
    const folder = 'we,ird:dir%25';
    mkdirSync(join(dir, folder));
    // The operator's value holds every character that needs escaping; the message quotes it as it is.
    writeFileSync(join(dir, folder, 'p.segment.json'), '{"name": "x", "segment_criteria": {"version": "1.0.0", "criteria": {"type": "and", "group": [{"source": "contact", "field": "state", "op": "a%b,c:d\\r\\ne", "value": "MA"}]}}}\n');
    const r = run(['check', '--format', 'github', folder], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout.split('\n').length, 2, 'one line, whatever the message holds');
    assert.match(r.stdout, /^::error file=we%2Cird%3Adir%2525\/p\.segment\.json,line=1,col=\d+,endLine=1,endColumn=\d+,title=unknown-op::"a%25b,c:d%0D%0Ae" is not an operator/);
  });

  it('escapes as the runner unescapes: data and properties', () => {
    assert.equal(escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext%3A a%2Cb');
    // %  first: an escape is never escaped again.
    assert.equal(escapeProperty('%3A:'), '%253A%3A');
  });

  it('an unreadable file is an error annotation on it, and exit 2', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'segments', 'latin1.segment.json'), Buffer.from([0x7b, 0x22, 0x6e, 0xe9, 0x22, 0x7d]));
    const r = run(['check', '--format', 'github', 'segments'], dir);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.match(r.stdout, /^::error file=segments\/latin1\.segment\.json,title=segment-criteria::segments\/latin1\.segment\.json: not UTF-8 text \(an invalid byte at line 1, column 4\)/m);
  });
});
