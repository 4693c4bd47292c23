/** `segment-criteria check`, run as users run it: the built CLI in a child process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { file } from '../markers';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'check-'));
  mkdirSync(join(dir, 'segments', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'segments', 'good.segment.json'), file(`        { "source": "contact", "field": "state", "op": "eq", "value": "MA" }`));
  writeFileSync(join(dir, 'segments', 'nested', 'bad.segment.json'), file(`        { "source": "contact", "field": "state", "op": "contains", "value": "MA" }`));
  writeFileSync(join(dir, 'segments', 'warn.segment.json'), file(`        { "source": "tags", "field": "tag_id", "op": "eq", "value": "not-a-uuid" }`));
  writeFileSync(join(dir, 'segments', 'ignored.json'), '{');
  return dir;
}

describe('segment-criteria check', () => {
  it('prints path:line:col: severity CODE message and exits 1 on errors', () => {
    const dir = workspace();
    const r = run(['check', 'segments'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'segments/nested/bad.segment.json:8:56: error unknown-op "contains" is not an operator for contact field "state": use "eq", "ne", "starts-with" or "contains-string".',
      'segments/warn.segment.json:8:69: warning non-uuid-id "not-a-uuid" does not look like a tag id (a UUID such as 4c08372c-957a-48b5-bc45-72c7f00796cd).',
    ]);
  });

  it('exits 0 when only warnings are found', () => {
    const dir = workspace();
    const r = run(['check', 'segments/warn.segment.json', 'segments/good.segment.json'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /warning non-uuid-id/);
  });

  it('prints JSON with --format json', () => {
    const dir = workspace();
    const r = run(['check', '--format', 'json', 'segments/nested/bad.segment.json'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out, [
      {
        file: 'segments/nested/bad.segment.json',
        diagnostics: [
          { line: 8, column: 56, endLine: 8, endColumn: 66, severity: 'error', code: 'unknown-op', message: '"contains" is not an operator for contact field "state": use "eq", "ne", "starts-with" or "contains-string".' },
        ],
      },
    ]);
  });

  it('says clearly when a file is missing or unreadable, and exits 2', () => {
    const dir = workspace();
    const r = run(['check', 'nope.segment.json'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'segment-criteria: nope.segment.json: no such file or folder.');
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'segments', 'locked.segment.json');
      writeFileSync(locked, '{}');
      chmodSync(locked, 0o000);
      assert.equal(run(['check', locked], dir).code, 2);
    }
  });

  it('explains a wrong call without a stack trace', () => {
    const dir = workspace();
    const r = run(['check'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^segment-criteria: Name the segment files or folders to check/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const bad = run(['check', '--format', 'xml', 'segments'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format takes "text", "json", "sarif" or "github"/);
  });
});
