/**
 * The built server (dist/server.js), spoken to over stdio by a real LSP client: open, change, diagnostics
 * (push for a client without pull support, pull for one with it, never both), completion, hover, code
 * action, formatting, symbols.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  createProtocolConnection,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { file, marked } from '../markers';

const serverPath = new URL('../../dist/server.js', import.meta.url).pathname;

interface Session {
  proc: ChildProcess;
  conn: ProtocolConnection;
  published: PublishDiagnosticsParams[];
  /** What the server logged (window/logMessage). */
  logged: string[];
  /** Resolves with the next push for `uri` that satisfies `pred`; rejects if the server exits first. */
  nextPush(uri: string, pred?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  /** Resolves when the server has read the settings and asked for fresh pull diagnostics. */
  refreshed: Promise<void>;
}

/** The server process and a client connection to it, before any message. */
function spawnServer(): { proc: ChildProcess; conn: ProtocolConnection } {
  assert.ok(existsSync(serverPath), 'dist/server.js is built (npm run build)');
  const proc = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  return { proc, conn };
}

async function start(pull: boolean, settings: object = { diagnostics: { severity: {} } }): Promise<Session> {
  const { proc, conn } = spawnServer();
  const published: PublishDiagnosticsParams[] = [];
  const logged: string[] = [];
  const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void; reject: (e: Error) => void }[] = [];
  proc.on('exit', (code) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`the server exited (code ${code}) before publishing for ${w.uri}`));
  });
  conn.onNotification('window/logMessage', (m: { message: string }) => void logged.push(m.message));
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  let refreshed!: () => void;
  const refreshedOnce = new Promise<void>((resolve) => (refreshed = resolve));
  conn.onRequest('workspace/configuration', () => [settings]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => {
    refreshed();
    return null;
  });
  conn.listen();
  const init = await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: {
        publishDiagnostics: { versionSupport: true },
        ...(pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        completion: { completionItem: { snippetSupport: true } },
        hover: { contentFormat: ['markdown'] },
      },
    },
  });
  assert.ok((init as { capabilities: object }).capabilities);
  await conn.sendNotification('initialized', {});
  return {
    proc,
    conn,
    published,
    logged,
    refreshed: refreshedOnce,
    nextPush: (uri, pred = () => true) =>
      new Promise((resolve, reject) => {
        const already = published.find((p) => p.uri === uri && pred(p));
        if (already) resolve(already);
        else if (proc.exitCode !== null) reject(new Error(`the server exited (code ${proc.exitCode})`));
        else waiters.push({ uri, pred, resolve, reject });
      }),
  };
}

async function stop(s: Session): Promise<void> {
  await s.conn.sendRequest('shutdown').catch(() => undefined);
  await s.conn.sendNotification('exit').catch(() => undefined);
  s.conn.dispose();
  if (s.proc.exitCode === null) s.proc.kill();
}

const invalid = file(`        { "source": "contact", "field": "state", "op": "contains", "value": "MA" }`);
const valid = file(`        { "source": "contact", "field": "state", "op": "eq", "value": "MA" }`);

describe('the server’s capabilities', () => {
  it('registers no file operations, whose globs the extension cannot match (its build carries no minimatch)', async () => {
    const { proc, conn } = spawnServer();
    const registered: string[] = [];
    conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      registered.push(...p.registrations.map((r) => r.method));
      return null;
    });
    conn.onRequest('workspace/configuration', () => [{}]);
    conn.listen();
    try {
      const fileOperations = { dynamicRegistration: true, didCreate: true, willCreate: true, didRename: true, willRename: true, didDelete: true, willDelete: true };
      const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { fileOperations, configuration: true } } })) as {
        capabilities: { workspace?: { fileOperations?: unknown } };
      };
      await conn.sendNotification('initialized', {});
      // A round trip after initialized: any registration the server makes on it has arrived.
      await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: 'file:///none.segment.json' } });
      assert.equal(init.capabilities.workspace?.fileOperations, undefined);
      assert.deepEqual(registered.filter((m) => /^workspace\/(did|will)(Create|Rename|Delete)Files$/.test(m)), []);
    } finally {
      conn.dispose();
      proc.kill();
    }
  });
});

describe('the server over stdio, push diagnostics', () => {
  let s: Session;
  before(async () => {
    s = await start(false);
  });
  after(async () => stop(s));

  it('publishes diagnostics on open with their code and source, for any language id', async () => {
    const uri = 'file:///work/a.json';
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: invalid } });
    const p = await s.nextPush(uri, (x) => x.version === 1);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.source]), [['unknown-op', 'segment-criteria']]);
  });

  it('publishes again after a change, for the new version only', async () => {
    const uri = 'file:///work/a.json';
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: valid }] });
    const p = await s.nextPush(uri, (x) => x.version === 2);
    assert.deepEqual(p.diagnostics, []);
  });

  it('never publishes results of an older version after a newer one', async () => {
    const uri = 'file:///work/b.segment.json';
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: valid } });
    for (let v = 2; v <= 20; v++) {
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: v % 2 ? valid : invalid }] });
    }
    const last = await s.nextPush(uri, (x) => x.version === 20);
    assert.equal(last.diagnostics.length, 1);
    const versions = s.published.filter((p) => p.uri === uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only grow');
  });

  it('completes, hovers, fixes, formats and outlines', async () => {
    const uri = 'file:///work/c.segment.json';
    const m = marked(file(`        { "source": "contact", "field": "state", "op": "‸" }`));
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: m.text } });
    const completion = (await s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: m.cursor })) as { label: string }[];
    assert.deepEqual(completion.map((c) => c.label), ['eq', 'ne', 'starts-with', 'contains-string']);

    const h = marked(file(`        { "source": "contact", "field": "state", "op": "e‸q", "value": "MA" }`));
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: h.text }] });
    const hover = (await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: h.cursor })) as { contents: { value: string } };
    assert.match(hover.contents.value, /case-insensitive/);

    const broken = file(`        { "source": "tracking", "field": "openned", "op": "eq", "value": "4c08372c-957a-48b5-bc45-72c7f00796cd" }`);
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: broken }] });
    const p = await s.nextPush(uri, (x) => x.version === 3);
    const diag = p.diagnostics.find((d: Diagnostic) => d.code === 'unknown-field')!;
    const actions = (await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as {
      title: string;
      edit: { changes: Record<string, { newText: string }[]> };
    }[];
    assert.equal(actions[0]!.title, 'Change to "opened"');
    assert.equal(actions[0]!.edit.changes[uri]![0]!.newText, '"opened"');

    const messy = '{"name":"x","segment_criteria":{"version":"1.0.0","criteria":{"type":"and","group":[]}}}';
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: messy }] });
    const edits = (await s.conn.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) as unknown[];
    assert.ok(edits.length > 0);
    const symbols = (await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as { name: string }[];
    assert.equal(symbols[0]!.name, 'Segment: x');
  });
});

describe('the server over stdio, pull diagnostics', () => {
  let s: Session;
  before(async () => {
    s = await start(true);
  });
  after(async () => stop(s));

  it('answers textDocument/diagnostic and pushes nothing', async () => {
    const uri = 'file:///work/p.segment.json';
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: invalid } });
    const report = (await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: Diagnostic[] };
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.items.map((d) => d.code), ['unknown-op']);
    // A round trip after the open: any push would have arrived before this answer.
    await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.deepEqual(s.published, []);
  });
});

describe('the server over stdio, the check the extension asks for before a file leaves the machine', () => {
  let s: Session;
  before(async () => {
    s = await start(true);
  });
  after(async () => stop(s));
  const unknownSource = file(`        { "source": "ecommerce_activity", "field": "purchased_product", "op": "contains-any", "product_ids": ["sku-1"] }`);
  const check = (params: unknown) => s.conn.sendRequest('segmentCriteria/check', params) as Promise<{ code: string; severity: string }[]>;

  it('answers every diagnostic of a text it does not have open, with the settings given', async () => {
    assert.deepEqual((await check({ text: invalid })).map((d) => [d.code, d.severity]), [['unknown-op', 'error']]);
    assert.deepEqual(await check({ text: valid }), []);
    assert.deepEqual((await check({ text: invalid, severity: { 'unknown-op': 'warning' } })).map((d) => d.severity), ['warning']);
    assert.deepEqual((await check({ text: unknownSource })).map((d) => [d.code, d.severity]), [['unchecked-source', 'warning']]);
    assert.deepEqual((await check({ text: unknownSource, strict: true })).map((d) => [d.code, d.severity]), [['unchecked-source', 'error']]);
  });

  it('checks ids against the account data given', async () => {
    const list = file(`        { "source": "list_membership", "field": "list_id", "op": "eq", "value": "4c08372c-957a-48b5-bc45-72c7f00796cd" }`);
    assert.deepEqual(await check({ text: list }), []);
    const other = { lists: [{ id: '00000000-0000-4000-8000-000000000000', name: 'Other' }] };
    assert.deepEqual((await check({ text: list, account: other })).map((d) => d.code), ['unknown-list']);
  });

  it('refuses a request without text with InvalidParams', async () => {
    await assert.rejects(check({}), (e: { code: number }) => e.code === -32602);
    await assert.rejects(check({ text: valid, strict: 'yes' }), (e: { code: number }) => e.code === -32602);
  });
});

describe('the server over stdio, the strict setting', () => {
  const unknownSource = file(`        { "source": "ecommerce_activity", "field": "purchased_product", "op": "contains-any", "product_ids": ["sku-1"] }`);
  const severityOf = async (settings: object) => {
    const s = await start(true, settings);
    try {
      await s.refreshed;
      const uri = 'file:///segments/web-ui.segment.json';
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: unknownSource } });
      const report = (await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] };
      return report.items.map((d) => [d.code, d.severity]);
    } finally {
      await stop(s);
    }
  };

  it('an unknown source is a warning, and an error when segmentCriteria.strict is on', async () => {
    assert.deepEqual(await severityOf({ diagnostics: { severity: {} } }), [['unchecked-source', 2]]);
    assert.deepEqual(await severityOf({ diagnostics: { severity: {} }, strict: true }), [['unchecked-source', 1]]);
  });
});

describe('the server given malformed messages', () => {
  const list = '4c08372c-957a-48b5-bc45-72c7f00796cd';
  const usesAccount = file(`        { "source": "list_membership", "field": "list_id", "op": "eq", "value": "${list}" },
        { "source": "tags", "field": "tag_id", "op": "eq", "value": "${list}" },
        { "source": "contact", "field": "favorite_color", "op": "eq", "value": "blue" }`);

  it('drops a didOpen whose text is null or not a string, and a malformed change, and goes on', async () => {
    const s = await start(false);
    try {
      const bad = [null, 42, { text: 'x' }];
      for (const [i, text] of bad.entries()) {
        await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: `file:///project/bad-${i}.segment.json`, languageId: 'segment-json', version: 1, text } });
      }
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: null });
      await s.conn.sendNotification('textDocument/didOpen', null);
      const uri = 'file:///project/good.segment.json';
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: valid } });
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: null }] });
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null });
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: invalid }] });
      const p = await s.nextPush(uri, (x) => x.version === 3);
      assert.deepEqual(p.diagnostics.map((d) => d.code), ['unknown-op']);
      assert.equal(await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///project/bad-0.segment.json' }, position: { line: 0, character: 0 } }), null);
      assert.equal(s.proc.exitCode, null, 'the server is still running');
      assert.ok(s.logged.some((m) => /Ignored textDocument\/didOpen: textDocument\.text is not a string/.test(m)), s.logged.join('\n'));
    } finally {
      await stop(s);
    }
  });

  it('ignores malformed account data and still checks documents that use lists, tags and custom fields', async () => {
    const s = await start(false);
    try {
      const payloads: unknown[] = [{ lists: 5 }, { lists: [null] }, { tags: 'x' }, { customFields: [{}] }, { campaignActivities: [{ id: 1, name: 'x' }] }, 'oops', 7];
      for (const [i, data] of payloads.entries()) {
        await s.conn.sendNotification('segmentCriteria/accountData', data);
        const uri = `file:///project/account-${i}.segment.json`;
        await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: usesAccount } });
        const p = await s.nextPush(uri, (x) => x.version === 1);
        assert.ok(p.diagnostics.every((d) => d.code !== 'unknown-list'), JSON.stringify(data));
      }
      // Well-formed data after all that is used.
      await s.conn.sendNotification('segmentCriteria/accountData', { lists: [{ id: '00000000-0000-4000-8000-000000000000', name: 'Other' }] });
      const uri = 'file:///project/account-ok.segment.json';
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: usesAccount } });
      const p = await s.nextPush(uri, (x) => x.version === 1);
      assert.ok(p.diagnostics.some((d) => d.code === 'unknown-list'));
      assert.equal(s.proc.exitCode, null, 'the server is still running');
    } finally {
      await stop(s);
    }
  });

  it('answers a malformed request with an error and goes on', async () => {
    const s = await start(true);
    try {
      await assert.rejects(s.conn.sendRequest('textDocument/hover', { textDocument: null }), (e: { code: number }) => e.code === -32602);
      await assert.rejects(s.conn.sendRequest('segmentCriteria/describe', null), (e: { code: number }) => e.code === -32602);
      await assert.rejects(s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: 'file:///x' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }), (e: { code: number }) => e.code === -32602);
      assert.deepEqual(await s.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: 'file:///nothing' } }), []);
    } finally {
      await stop(s);
    }
  });

  it('answers a request before initialize with ServerNotInitialized (-32002) and drops notifications', async () => {
    const { proc, conn } = spawnServer();
    conn.listen();
    try {
      const uri = 'file:///project/early.segment.json';
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: valid } });
      for (const [method, params] of [
        ['textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }],
        ['segmentCriteria/describe', { uri }],
        ['workspace/symbol', { query: '' }],
      ] as const) {
        await assert.rejects(conn.sendRequest(method, params), (e: { code: number }) => e.code === -32002, method);
      }
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await conn.sendNotification('initialized', {});
      assert.equal(await conn.sendRequest('segmentCriteria/describe', { uri }), null, 'the early didOpen was dropped');
      await assert.rejects(conn.sendRequest('workspace/symbol', { query: '' }), (e: { code: number }) => e.code === -32601);
    } finally {
      await conn.sendRequest('shutdown').catch(() => undefined);
      await conn.sendNotification('exit').catch(() => undefined);
      conn.dispose();
      if (proc.exitCode === null) proc.kill();
    }
  });

  it('reads a document that starts with a byte order mark as VS Code does', async () => {
    const s = await start(false);
    try {
      const uri = 'file:///project/bom.segment.json';
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: '\uFEFF' + invalid } });
      const p = await s.nextPush(uri, (x) => x.version === 1);
      assert.deepEqual(p.diagnostics.map((d) => d.code), ['unknown-op']);
    } finally {
      await stop(s);
    }
  });
});

/**
 * A document of about 9 MB: checking it takes the server seconds, and everything else must be answered
 * meanwhile. Asserted by the order in which answers and notifications arrive, never by the clock.
 */
describe('the server given a large document', () => {
  const member = '{ "source": "contact", "field": "state", "op": "eq", "value": "MA" },';
  const count = Math.ceil((9 * 1024 * 1024) / (member.length + 1));
  const head = '{ "name": "big", "segment_criteria": { "version": "1.0.0", "criteria": { "type": "and", "group": [ { "type": "or", "group": [';
  const last = '{ "source": "contact", "field": "city", "op": "equals", "value": "Sentinel" }';
  const big = [head, ...Array<string>(count).fill(member), last, '] } ] } } }'].join('\n');
  // The last criterion's operator, which edits switch between a wrong one and a right one.
  const opLine = count + 1;
  const opStart = last.indexOf('equals');
  const bigUri = 'file:///project/big.segment.json';
  const smallUri = 'file:///project/small.segment.json';
  const codesOf = (items: Diagnostic[]) => items.map((d) => d.code);
  let op = 'equals';
  const setOp = (s: Session, version: number, next: string) => {
    const change = { range: { start: { line: opLine, character: opStart }, end: { line: opLine, character: opStart + op.length } }, text: next };
    op = next;
    return s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: bigUri, version }, contentChanges: [change] });
  };
  const open = (s: Session, uri: string, text: string) => s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text } });
  const hoverSmall = (s: Session) => s.conn.sendRequest('textDocument/hover', { textDocument: { uri: smallUri }, position: marked(file(`        { "source": "contact", "field": "state", "op": "e‸q", "value": "MA" }`)).cursor });

  describe('pull diagnostics', () => {
    let s: Session;
    before(async () => {
      s = await start(true);
      op = 'equals';
      await open(s, smallUri, valid);
      await open(s, bigUri, big);
    });
    after(async () => stop(s));

    it('answers a hover in another document before the large one is checked', async () => {
      await setOp(s, 2, 'equal');
      const order: string[] = [];
      const pulled = s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: bigUri } }).then((r) => {
        order.push('diagnostics');
        return r as { items: Diagnostic[] };
      });
      const hovered = hoverSmall(s).then((h) => {
        order.push('hover');
        return h as { contents: { value: string } };
      });
      assert.match((await hovered).contents.value, /case-insensitive/);
      assert.ok(codesOf((await pulled).items).includes('unknown-op'), 'the whole document was checked');
      assert.deepEqual(order, ['hover', 'diagnostics']);
    });

    it('answers a pull superseded by a newer edit as cancelled by the server, and the newer pull in full', async () => {
      await setOp(s, 3, 'equals');
      const older = s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: bigUri } });
      await setOp(s, 4, 'eq');
      const newer = s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: bigUri } });
      const [a, b] = await Promise.allSettled([older, newer]);
      assert.equal(a.status, 'rejected', 'the older pull is not answered with out-of-date diagnostics');
      assert.equal((a as PromiseRejectedResult).reason.code, -32802, 'ServerCancelled');
      assert.deepEqual((a as PromiseRejectedResult).reason.data, { retriggerRequest: false });
      assert.equal(b.status, 'fulfilled');
      assert.ok(!codesOf((b as PromiseFulfilledResult<{ items: Diagnostic[] }>).value.items).includes('unknown-op'), 'the newest version was checked');
    });
  });

  describe('push diagnostics', () => {
    let s: Session;
    before(async () => {
      s = await start(false);
      op = 'equals';
      await open(s, smallUri, valid);
      await open(s, bigUri, big);
      await s.nextPush(bigUri, (p) => p.version === 1);
    });
    after(async () => stop(s));

    it('publishes only the newest version when an edit comes during the check of an older one', async () => {
      // Version 2 moves a line (a change outside any string value, so the worker parses the whole text
      // again), and a hover in it keeps the worker busy for longer than the debounce: the check of version
      // 2 is queued behind the hover and starts when the hover is answered, before version 3 is read.
      const line = { start: { line: opLine, character: 0 }, end: { line: opLine, character: 0 } };
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: bigUri, version: 2 }, contentChanges: [{ range: line, text: ' ' }] });
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: bigUri }, position: { line: opLine, character: opStart + 1 } });
      const back = { start: { line: opLine, character: 0 }, end: { line: opLine, character: 1 } };
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: bigUri, version: 3 }, contentChanges: [{ range: back, text: '' }] });
      const p = await s.nextPush(bigUri, (x) => x.version === 3);
      assert.ok(codesOf(p.diagnostics).includes('unknown-op'));
      assert.deepEqual(s.published.filter((x) => x.uri === bigUri).map((x) => x.version), [1, 3]);
    });

    it('holds the large document’s tree in the worker only, and lets go of it on close', async () => {
      type Stats = { parseCache: { chars: number }; largeDocuments: { chars: number } | null };
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: bigUri }, position: { line: opLine, character: opStart } });
      const before = (await s.conn.sendRequest('segmentCriteria/memoryStats')) as Stats;
      assert.ok(before.largeDocuments && before.largeDocuments.chars >= big.length, `the worker holds the large document: ${JSON.stringify(before)}`);
      assert.ok(before.parseCache.chars < 100_000, `the server's own thread holds no tree of it: ${JSON.stringify(before)}`);
      await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: bigUri } });
      const after = (await s.conn.sendRequest('segmentCriteria/memoryStats')) as Stats;
      assert.equal(after.largeDocuments, null, `the worker ended with the last large document: ${JSON.stringify(after)}`);
      assert.ok(after.parseCache.chars < 100_000, JSON.stringify(after));
    });
  });
});

/**
 * Every request on a large document is answered by the worker that holds it, exactly as the server answers
 * it for a document of ordinary size: the same segment, once as it is and once followed by enough blank
 * space to be large, gives the same answers, before and after the same edits.
 */
describe('the server given a large document answers every request as for a small one', () => {
  const small = 'file:///project/same.segment.json';
  const padded = 'file:///project/same-padded.segment.json';
  const base = marked(file(`        { "source": "contact", "field": "state", "op": "e‸q", "value": "MA" },
        { "source": "tracking", "field": "opened", "op": "contains-any", "const_value": "last-n-campaigns", "param": "5" }`));
  const padding = `${' '.repeat(640 * 1024)}\n`;
  const at = base.cursor!;
  let s: Session;
  let version = 1;
  before(async () => {
    s = await start(true);
    for (const [uri, text] of [[small, base.text], [padded, base.text + padding]] as const) {
      await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text } });
    }
  });
  after(async () => stop(s));

  /** Each request's answer for one document, its URI (in a quick fix's edit) written as "URI". */
  async function answers(uri: string): Promise<unknown[]> {
    const doc = { textDocument: { uri } };
    const diagnostics = (await s.conn.sendRequest('textDocument/diagnostic', doc)) as { items: Diagnostic[] };
    const criteria = { start: { line: 5, character: 0 }, end: { line: 9, character: 0 } };
    const all = [
      diagnostics.items,
      await s.conn.sendRequest('textDocument/completion', { ...doc, position: at }),
      await s.conn.sendRequest('textDocument/hover', { ...doc, position: at }),
      await s.conn.sendRequest('textDocument/documentSymbol', doc),
      await s.conn.sendRequest('textDocument/foldingRange', doc),
      await s.conn.sendRequest('textDocument/codeAction', { ...doc, range: { start: at, end: at }, context: { diagnostics: diagnostics.items } }),
      await s.conn.sendRequest('textDocument/rangeFormatting', { ...doc, range: criteria, options: { tabSize: 2, insertSpaces: true } }),
      await s.conn.sendRequest('segmentCriteria/describe', { uri }),
    ];
    return JSON.parse(JSON.stringify(all).replaceAll(JSON.stringify(uri), '"URI"')) as unknown[];
  }

  async function edit(range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<void> {
    version++;
    for (const uri of [small, padded]) await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  it('as it is', async () => {
    const expected = await answers(small);
    assert.ok((expected[1] as unknown[]).length > 0 && expected[2], 'the small document has completions and a hover');
    assert.deepEqual(await answers(padded), expected);
  });

  it('after an edit inside a value, and after one that is not', async () => {
    // "eq" becomes "contains": an unknown operator, and another hover.
    await edit({ start: { line: at.line, character: at.character - 1 }, end: { line: at.line, character: at.character + 1 } }, 'contains');
    const inside = await answers(small);
    assert.ok((inside[0] as Diagnostic[]).some((d) => d.code === 'unknown-op'), 'the edit was seen');
    assert.deepEqual(await answers(padded), inside);
    await edit({ start: { line: at.line, character: 0 }, end: { line: at.line, character: 0 } }, '  ');
    assert.deepEqual(await answers(padded), await answers(small));
  });

  it('checks a large text before it leaves the machine as a small one', async () => {
    const check = (text: string) => s.conn.sendRequest('segmentCriteria/check', { text, strict: true });
    const wrong = base.text.replace('"op": "eq"', '"op": "contains"');
    const expected = (await check(wrong)) as Diagnostic[];
    assert.deepEqual(expected.map((d) => d.code), ['unknown-op']);
    assert.deepEqual(await check(wrong + padding), expected);
  });

  it('lets go of a large document in the worker once an edit makes it small', async () => {
    type Stats = { largeDocuments: { chars: number } | null };
    const stats = async () => ((await s.conn.sendRequest('segmentCriteria/memoryStats')) as Stats).largeDocuments?.chars;
    const before = await stats();
    const shrinking = 'file:///project/shrinking.segment.json';
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: shrinking, languageId: 'segment-json', version: 1, text: base.text + padding } });
    const hoverAt = () => s.conn.sendRequest('textDocument/hover', { textDocument: { uri: shrinking }, position: at });
    const large = await hoverAt();
    assert.ok((await stats())! >= before! + padding.length, 'the worker holds it while it is large');
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: shrinking, version: 2 }, contentChanges: [{ text: base.text }] });
    assert.deepEqual(await hoverAt(), large, 'answered the same, here');
    assert.equal(await stats(), before, 'the worker no longer holds it');
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: shrinking } });
  });

  it('answers what was asked of a large version when an edit makes the document small meanwhile', async () => {
    const uri = 'file:///project/shrinking-while-asked.segment.json';
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 1, text: base.text + padding } });
    const asked = [
      s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: at }),
      s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: at }),
      s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
    ];
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: base.text }] });
    await s.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
    const expected = [
      await s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: at }),
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: at }),
      await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
    ];
    assert.ok((expected[0] as unknown[]).length > 0 && expected[1], 'the document has completions and a hover');
    assert.deepEqual(await Promise.all(asked), expected);
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('answers from the new text of a large document whose version number a client reused', async () => {
    const uri = 'file:///project/same-version.segment.json';
    const wrong = base.text.replace('"op": "eq"', '"op": "contains"');
    const pull = async () => ((await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] }).items.map((d) => d.code);
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'segment-json', version: 7, text: base.text + padding } });
    assert.deepEqual(await pull(), []);
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 7 }, contentChanges: [{ text: wrong + padding }] });
    assert.deepEqual(await pull(), ['unknown-op']);
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('from the worker, with no tree of the large document on the server’s own thread', async () => {
    const stats = (await s.conn.sendRequest('segmentCriteria/memoryStats')) as { parseCache: { chars: number }; largeDocuments: { chars: number } | null };
    assert.ok(stats.largeDocuments && stats.largeDocuments.chars > padding.length, JSON.stringify(stats));
    assert.ok(stats.largeDocuments.chars < 2 * padding.length, `only the open document, not the text checked before it left: ${JSON.stringify(stats)}`);
    assert.ok(stats.parseCache.chars < padding.length, JSON.stringify(stats));
  });
});
