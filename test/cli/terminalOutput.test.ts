/**
 * Data from the account reaches the terminal with its control characters made visible, never acted on:
 * the built CLI in a child process against a sandbox whose names and contacts carry escape sequences.
 * Files written with --csv or by pull keep the data exact.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSegmentFile } from '../../domain/src/segmentFile.js';
import { sampleData } from '../../sandbox/src/sampleData.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { fastClient, fastSandbox } from '../api/sandboxFixture.js';
import { sandboxEnv, tempDir } from './cliFixture.js';

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

const TITLE = '\u001b]0;pwned\u0007'; // sets the terminal window's title
const CLEAR = '\u001b[2J\u001b[H'; // clears the screen
const CSI = '\u009b31m'; // the one-byte C1 form of ESC [

/** The built CLI, asynchronously: the sandbox answers from this process. */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('terminal output from the account', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let id: number;
  const name = `${TITLE}Evil ${CSI}segment`;
  before(async () => {
    const data = sampleData();
    data.account.organization_name = `Outfitters${CLEAR}`;
    const c = data.contacts[0]!;
    c.state = 'ZZ';
    c.first_name = `${CLEAR}Mallory`;
    c.company_name = `Acme${TITLE}`;
    c.last_name = 'Lastname';
    c.job_title = 'Boss\nFAKE ROW';
    sb = await fastSandbox({ data });
    env = sandboxEnv(sb);
    const criteria = JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'ZZ' }] } });
    id = (await fastClient(sb).createSegment({ name, segment_criteria: criteria })).segment_id;
  });
  after(() => sb.close());

  it('pull and preview show names and contact fields with their control characters escaped; the files keep them', async () => {
    const dir = tempDir('terminal-');
    const pulled = await run(['pull', String(id)], dir, env);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.doesNotMatch(pulled.stdout + pulled.stderr, CONTROL);
    assert.ok(pulled.stdout.includes('\\u001b]0;pwned\\u0007Evil \\u009b31msegment'), pulled.stdout);
    const [fileName] = readdirSync(dir);
    assert.equal(parseSegmentFile(readFileSync(join(dir, fileName!), 'utf8'), 'f').name, name, 'the pulled file holds the exact name');

    const shown = await run(['preview', fileName!], dir, env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.doesNotMatch(shown.stdout + shown.stderr, CONTROL);
    assert.match(shown.stdout, /\\u001b\[2J\\u001b\[HMallory/);
    assert.ok(shown.stdout.includes('Acme\\u001b]0;pwned\\u0007'));
    const [header, ...rows] = shown.stdout.split('\n');
    const row = rows.find((r) => r.includes('Mallory'))!;
    assert.equal(row.indexOf('Lastname'), header!.indexOf('LAST NAME'), 'the columns line up as shown');
    assert.ok(row.includes('Boss\\nFAKE ROW'), 'a line break in a field is shown, not acted on');
    assert.equal(shown.stdout.trimEnd().split('\n').length, 2, 'one row for the one contact');

    const csv = await run(['preview', fileName!, '--csv', 'contacts.csv'], dir, env);
    assert.equal(csv.code, 0, csv.stderr);
    const exported = readFileSync(join(dir, 'contacts.csv'), 'utf8');
    assert.ok(exported.includes(`${CLEAR}Mallory`), 'the CSV keeps the data exact');

    const piped = await run(['preview', fileName!, '--csv', '-'], dir, env);
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, exported, 'the CSV on stdout, into a pipe, is the same exact data');
    assert.doesNotMatch(piped.stderr, CONTROL);
  });

  it('a name with line breaks and tabs is shown on one line, escaped; rename refuses such a name', async () => {
    const multi = 'line1\nline2\tand\rmore';
    const seg = await fastClient(sb).createSegment({ name: multi, segment_criteria: JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'RI' }] } }) });
    const shown = '"line1\\nline2\\tand\\rmore"';
    const dir = tempDir('terminal-');
    const pulled = await run(['pull', String(seg.segment_id)], dir, env);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.ok(pulled.stdout.includes(`: segment ${seg.segment_id} ${shown}\n`), pulled.stdout);
    assert.equal(pulled.stdout.split('\n').length, 2, 'one line');
    const [fileName] = readdirSync(dir);
    assert.equal(parseSegmentFile(readFileSync(join(dir, fileName!), 'utf8'), 'f').name, multi, 'the file keeps the exact name');

    const planned = await run(['plan', '.'], dir, env);
    assert.equal(planned.code, 0, planned.stderr);
    assert.ok(planned.stdout.includes(`${fileName}: unchanged (segment ${seg.segment_id} ${shown})\n`), planned.stdout);
    assert.ok(planned.stdout.includes(`segment ${id} "\\u001b]0;pwned\\u0007Evil \\u009b31msegment"`), 'the unmanaged segments too');
    assert.doesNotMatch(planned.stdout + planned.stderr, /[\r\t]|line1\n/);

    const renamed = await run(['rename', fileName!, 'Two\nlines'], dir, env);
    assert.equal(renamed.code, 2);
    assert.equal(renamed.stderr, 'segment-criteria: The new name "Two\\nlines" holds a line break: a segment name is one line of text. Give the name without it; nothing was renamed.\n');
  });

  it('deploy and rename show the account\'s name and a segment name escaped', async () => {
    const dir = tempDir('terminal-');
    writeFileSync(join(dir, 'a.segment.json'), JSON.stringify({ name: 'Plain', segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'MA' }] } } }));
    const deployed = await run(['deploy', 'a.segment.json'], dir, env);
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.doesNotMatch(deployed.stdout + deployed.stderr, CONTROL);
    assert.match(deployed.stderr, /Deploying to "Outfitters\\u001b\[2J\\u001b\[H"/);
    const renamed = await run(['rename', 'a.segment.json', name], dir, env);
    assert.equal(renamed.code, 2, 'a name with control characters is refused');
    assert.doesNotMatch(renamed.stdout + renamed.stderr, CONTROL);
    assert.ok(renamed.stderr.includes('\\u001b]0;pwned\\u0007Evil'), renamed.stderr);
  });

  it('escape keeps its output valid JSON with the same values', async () => {
    const dir = tempDir('terminal-');
    writeFileSync(join(dir, 'c1.segment.json'), JSON.stringify({ name: `C1 ${CSI}name`, segment_criteria: { version: '1.0.0', criteria: { type: 'and', group: [{ source: 'contact', field: 'state', op: 'eq', value: 'MA' }] } } }));
    const r = await run(['escape', 'c1.segment.json'], dir, {});
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, CONTROL);
    assert.equal(JSON.parse(r.stdout).name, `C1 ${CSI}name`);
  });
});
