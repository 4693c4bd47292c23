/**
 * A segment made in the web UI with a criterion this product does not know survives: created with
 * POST /segments directly on the sandbox, it pulls, checks without an error, and deploys back after an edit
 * of another criterion with that criterion byte for byte as it was, key order and number spelling included.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSegmentFile, requestBody } from '../../domain/src/segmentFile.js';
import { deploy } from '../../cli/src/commands/deploy.js';
import { escape } from '../../cli/src/commands/escape.js';
import { preview } from '../../cli/src/commands/preview.js';
import { pull } from '../../cli/src/commands/pull.js';
import type { Sandbox } from '../../sandbox/src/server.js';
import { validate } from '../../server/src/language/service.js';
import { fastSandbox } from '../api/sandboxFixture.js';
import { memoryIo, sandboxEnv, tempDir } from './cliFixture.js';

/**
 * As the web UI might send it: keys in an order of its own, a price with a trailing zero, an id too long
 * for a JavaScript number, a \u escape and an empty object. JSON.parse + JSON.stringify would change each.
 */
const ECOMMERCE = '{"op":"contains-any","source":"ecommerce_activity","field":"purchased_product","min_amount":10.50,"product_id":12345678901234567890,"store":"Caf\\u00e9 Nord","options":{}}';
const STATE = '{"source":"contact","field":"state","op":"eq","value":"MA"}';
const CRITERIA = `{"version":"1.0.0","criteria":{"type":"and","group":[${ECOMMERCE},${STATE}]}}`;

const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

describe('a web UI segment with an unknown source, through pull, check, edit and deploy', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let id: number;
  const run = async (cmd: (a: string[], io: ReturnType<typeof memoryIo>) => Promise<number>, args: string[]) => {
    const io = memoryIo({ env, cwd: dir });
    const code = await cmd(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const stored = () => sb.state.segments.get(id)!.segment_criteria;
  const path = () => join(dir, 'bought-at-the-cafe.segment.json');

  before(async () => {
    sb = await fastSandbox();
    env = sandboxEnv(sb);
    dir = tempDir('unchecked-');
    const r = await fetch(`${sb.baseUrl}/segments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sb.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Bought at the cafe', segment_criteria: CRITERIA }),
    });
    assert.equal(r.status, 201, 'the sandbox stores criteria of sources it does not know, as Constant Contact does');
    id = ((await r.json()) as { segment_id: number }).segment_id;
  });
  after(() => sb.close());

  it('pulls, writing the unknown criterion with its tokens as sent', async () => {
    const r = await run(pull, [String(id)]);
    assert.equal(r.code, 0, r.err);
    const text = readFileSync(path(), 'utf8');
    for (const token of ['10.50', '12345678901234567890', '"Caf\\u00e9 Nord"', '"options": {}']) assert.ok(text.includes(token), `${token} in\n${text}`);
    assert.ok(text.indexOf('"op"') < text.indexOf('"source": "ecommerce_activity"'), 'key order kept');
    assert.equal(parseSegmentFile(text, 'f').segmentId, id);
  });

  it('checks without an error (one warning), in the service and with the CLI; --strict makes it an error', () => {
    const text = readFileSync(path(), 'utf8');
    const d = validate(text);
    assert.deepEqual(d.map((x) => [x.code, x.severity]), [['unchecked-source', 'warning']]);
    const plain = spawnSync(process.execPath, [cli, 'check', dir], { encoding: 'utf8' });
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
    assert.match(plain.stdout, /:10:21: warning unchecked-source "ecommerce_activity" is not a source this product knows/);
    const strict = spawnSync(process.execPath, [cli, 'check', '--strict', dir], { encoding: 'utf8' });
    assert.equal(strict.status, 1);
    assert.match(strict.stdout, /: error unchecked-source /);
  });

  it('deploys back after an edit of another criterion, the unknown one byte for byte unchanged', async () => {
    writeFileSync(path(), readFileSync(path(), 'utf8').replace('"value": "MA"', '"value": "RI"'));
    const strict = await run(deploy, ['--strict', 'bought-at-the-cafe.segment.json']);
    assert.equal(strict.code, 1, 'with --strict, deploy refuses it');
    assert.match(strict.err, /error unchecked-source[\s\S]*not deployed: fix the errors above/);
    assert.equal(stored(), CRITERIA);

    const r = await run(deploy, ['bought-at-the-cafe.segment.json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`updated segment ${id}`));
    assert.equal(stored(), CRITERIA.replace('"value":"MA"', '"value":"RI"'));
    assert.ok(stored().includes(ECOMMERCE));
  });

  it('escape sends the same bytes, and --strict refuses', async () => {
    const r = await run(escape, ['bought-at-the-cafe.segment.json']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).segment_criteria, stored());
    assert.equal((await run(escape, ['--strict', 'bought-at-the-cafe.segment.json'])).code, 1);
  });

  it('preview names the criterion the sandbox could not evaluate, and shows nobody', async () => {
    const r = await run(preview, ['bought-at-the-cafe.segment.json']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(r.err, /0 contact\(s\) in the segment\.\nNote: The sandbox could not evaluate a criterion of this segment \(source "ecommerce_activity" at line 10\), so it selects nobody here; Constant Contact evaluates it\.\n/);
    const draft = await run(preview, ['--draft', '--strict', 'bought-at-the-cafe.segment.json']);
    assert.equal(draft.code, 1, 'preview --draft checks first, strictly when asked');
  });

  it('a file that keeps the criteria as an escaped string sends them as written too', () => {
    const text = JSON.stringify({ name: 'x', segment_criteria: CRITERIA });
    assert.equal(requestBody(parseSegmentFile(text, 'f')).segment_criteria, CRITERIA);
  });
});
