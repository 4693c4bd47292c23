/**
 * How the built CLI answers being called wrongly, and `COMMAND --help`: in our own words (never Node's
 * parseArgs sentences), exit 2; a command's help is its usage, on stdout, exit 0.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { tempDir } from './cliFixture.js';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;
const dir = tempDir('usage-');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 10_000, env: { PATH: process.env.PATH, SEGMENT_CRITERIA_CONFIG_DIR: dir } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const COMMANDS = ['check', 'escape', 'unescape', 'deploy', 'plan', 'apply', 'pull', 'rename', 'delete', 'attach', 'preview', 'freeze', 'count', 'diff', 'login', 'logout', 'sandbox'];

describe('called wrongly', () => {
  for (const [args, words] of [
    [['preview', 'a.segment.json', '--limit', '-1'], 'segment-criteria: --limit takes a whole number of contacts, 1 or more.\n'],
    [['diff', 'a.segment.json', '--limit', '-1'], 'segment-criteria: --limit takes a whole number of contacts to show per side, 0 or more (got "-1").\n'],
    [['deploy', 'a.segment.json', '--max-change', '-5'], 'segment-criteria: --max-change takes a percentage, 0 or more, such as 10 or 12.5% (got "-5").\n'],
    [['sandbox', '--port', '-1'], 'segment-criteria: --port takes a whole number from 0 to 65535.\n'],
    [['sandbox', '-p', '-1'], 'segment-criteria: --port takes a whole number from 0 to 65535.\n'],
  ] as const) {
    it(`${args.join(' ')}: a negative number gets the option's own message`, () => {
      const r = run([...args]);
      assert.equal(r.code, 2);
      assert.equal(r.err, words);
    });
  }

  it('a forgotten value, a missing one, an unknown option: said in our words, pointing at the command\'s help', () => {
    const forgotten = run(['unescape', 'body.json', '--out', '--force']);
    assert.equal(forgotten.code, 2);
    assert.equal(forgotten.err, 'segment-criteria: unescape: --out needs a value, and "--force" looks like an option. For a value that starts with a dash, write --out=--force. Run `segment-criteria unescape --help` for its options.\n');
    const missing = run(['preview', 'a.segment.json', '--limit']);
    assert.equal(missing.err, 'segment-criteria: preview: --limit needs a value. Run `segment-criteria preview --help` for its options.\n');
    const unknown = run(['preview', 'a.segment.json', '--bogus']);
    assert.equal(unknown.err, 'segment-criteria: preview: unknown option --bogus. Run `segment-criteria preview --help` for its options.\n');
    const valued = run(['preview', 'a.segment.json', '--all=3']);
    assert.equal(valued.err, 'segment-criteria: preview: --all takes no value (got "3"). Run `segment-criteria preview --help` for its options.\n');
    for (const r of [forgotten, missing, unknown, valued]) {
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.err, /ambiguous|\.\.|XYZ|To specify/);
    }
  });
});

describe('COMMAND --help', () => {
  for (const name of COMMANDS) {
    it(`${name} --help prints its usage and exits 0`, () => {
      const r = run([name, '--help']);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.err, '');
      assert.match(r.out, new RegExp(`^Usage: segment-criteria ${name}\\b`));
    });
  }

  it('-h, help COMMAND, and --help anywhere among the options do the same; after -- it is an argument', () => {
    const usage = run(['check', '--help']).out;
    assert.match(usage, /^Usage: segment-criteria check FILE\|DIR\.\.\. \[--format json\|sarif\|github\] \[--strict\]\n {2}check segment files offline/);
    assert.equal(run(['check', '-h']).out, usage);
    assert.equal(run(['help', 'check']).out, usage);
    assert.equal(run(['check', 'segments/', '--strict', '--help']).out, usage);
    const escaped = run(['escape', '--', '--help']);
    assert.equal(escaped.code, 2);
    assert.match(escaped.err, /--help: no such file\./);
  });

  it('names the options a command takes that the summary once left out', () => {
    assert.match(run(['escape', '--help']).out, /escape FILE \[--no-check\] \[--strict\]/);
    assert.match(run(['preview', '--help']).out, /\[--csv OUT\|-\] \[--force\]/);
    assert.match(run(['preview', '--help']).out, /--api-base-url URL/);
    assert.doesNotMatch(run(['escape', '--help']).out, /--api-base-url/);
  });
});
