/**
 * A real LSP client over a child process's stdio, just enough to time what an editor waits for: start,
 * diagnostics after open and after an edit, completion, and the server's memory.
 *
 * Diagnostics are pulled (LSP 3.17 textDocument/diagnostic) when the server offers it, as VS Code does;
 * otherwise the client waits for the matching publishDiagnostics. VS Code's JSON server only debounces
 * (500 ms) its push mode, so pulling times its checking, not a timer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  CompletionRequest,
  CompletionTriggerKind,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export interface ServerSpec {
  name: string;
  /** A Node script, run with this Node so the child's pid is the server itself (no shell in between). */
  script: string;
  args: string[];
  languageId: string;
  initializationOptions?: unknown;
  /** Sent after `initialized`, before any document opens (settings, schema associations). */
  configure?: (connection: ProtocolConnection) => Promise<void>;
}

const capabilities: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, diagnostics: { refreshSupport: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export interface Memory {
  /** Resident set size now, in bytes (VmRSS). */
  rss: number;
  /** Peak resident set size, in bytes (VmHWM). */
  peak: number;
}

function readMemory(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export class LspServer {
  private readonly pushWaiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
  private stderrTail = '';
  /** Errors the server logged (window/logMessage type 1), first line each: it may catch a failure and answer null. */
  readonly loggedErrors: string[] = [];
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  result!: InitializeResult;

  private constructor(
    readonly spec: ServerSpec,
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
    readonly timeoutMs: number,
  ) {}

  /** Spawns and initializes the server; resolves once it can take documents. */
  static async start(spec: ServerSpec, rootUri: string, timeoutMs: number): Promise<LspServer> {
    const child = spawn(process.execPath, [spec.script, ...spec.args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new LspServer(spec, child, connection, timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      server.stderrTail = (server.stderrTail + chunk.toString()).slice(-2000);
    });
    // Answer what servers ask of a client: configuration (defaults), registrations, refreshes. Anything else
    // gets jsonrpc's "method not found", as from a client without that feature.
    connection.onRequest('workspace/configuration', (params: { items?: unknown[] }) => (params?.items ?? []).map(() => null));
    connection.onRequest('workspace/workspaceFolders', () => [{ uri: rootUri, name: 'bench' }]);
    for (const method of [
      'client/registerCapability',
      'client/unregisterCapability',
      'window/workDoneProgress/create',
      'workspace/diagnostic/refresh',
      'workspace/semanticTokens/refresh',
      'workspace/inlayHint/refresh',
      'workspace/codeLens/refresh',
    ]) {
      connection.onRequest(method, () => null);
    }
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => server.pushWaiters.get(p.uri)?.(p));
    connection.onNotification(LogMessageNotification.type, (p) => {
      if (p.type === MessageType.Error && server.loggedErrors.length < 20) server.loggedErrors.push(p.message.split('\n')[0]!.slice(0, 200));
    });
    connection.listen();
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`${spec.name} exited (${code}): ${server.stderrTail.trim()}`))),
    );
    exited.catch(() => undefined);
    try {
      server.result = await withTimeout(
        Promise.race([
          connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri,
            capabilities,
            initializationOptions: spec.initializationOptions,
            workspaceFolders: [{ uri: rootUri, name: 'bench' }],
          }),
          exited,
        ]),
        timeoutMs,
        `${spec.name} initialize`,
      );
    } catch (e) {
      child.kill('SIGKILL'); // never leave a half-started server behind
      connection.dispose();
      throw e;
    }
    await connection.sendNotification(InitializedNotification.type, {});
    await spec.configure?.(connection);
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** How diagnostics reach this client: pulled when the server offers it, pushed otherwise. */
  get diagnosticMode(): 'pull' | 'push' {
    return this.result.capabilities.diagnosticProvider ? 'pull' : 'push';
  }

  get syncKind(): 'incremental' | 'full' {
    const sync = this.result.capabilities.textDocumentSync;
    const kind = typeof sync === 'number' ? sync : sync?.change;
    return kind === TextDocumentSyncKind.Incremental ? 'incremental' : 'full';
  }

  memory(): Memory | undefined {
    return readMemory(this.pid);
  }

  /** Opens a document and resolves with its first diagnostics. */
  async open(uri: string, text: string): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    const push = this.nextPush(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: this.spec.languageId, version: 1, text },
    });
    return this.diagnostics(uri, push);
  }

  /**
   * Replaces `length` characters at `offset` (one edit, as typing does); resolves with the new diagnostics and
   * the milliseconds from sending the change to having them (the client's own bookkeeping is left out).
   */
  async change(uri: string, offset: number, length: number, insert: string): Promise<{ diagnostics: Diagnostic[]; ms: number }> {
    const old = this.texts.get(uri)!;
    const text = old.slice(0, offset) + insert + old.slice(offset + length);
    const version = this.versions.get(uri)! + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    const push = this.nextPush(uri, version);
    const contentChanges =
      this.syncKind === 'incremental' ? [{ range: { start: positionAt(old, offset), end: positionAt(old, offset + length) }, text: insert }] : [{ text }];
    const start = performance.now();
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    const diagnostics = await this.diagnostics(uri, push);
    return { diagnostics, ms: since(start) };
  }

  /** Resolves with the hover at `offset` and the milliseconds it took to answer. */
  async hover(uri: string, offset: number): Promise<number> {
    const position = positionAt(this.texts.get(uri)!, offset);
    const start = performance.now();
    await withTimeout(this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), this.timeoutMs, `${this.spec.name} hover`);
    return since(start);
  }

  /** Any request, for a figure one server offers (such as segmentCriteria/memoryStats). */
  request<R>(method: string, params?: object): Promise<R> {
    return withTimeout(this.connection.sendRequest<R>(method, params), this.timeoutMs, `${this.spec.name} ${method}`);
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    // A round trip: the close has been handled when the answer comes.
    await this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  }

  async complete(uri: string, offset: number): Promise<CompletionItem[]> {
    const position = positionAt(this.texts.get(uri)!, offset);
    const result = await withTimeout(
      this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: CompletionTriggerKind.Invoked } }),
      this.timeoutMs,
      `${this.spec.name} completion`,
    );
    if (!result) return [];
    return Array.isArray(result) ? result : (result as CompletionList).items;
  }

  /** Shuts the server down politely, then for sure. */
  async stop(): Promise<void> {
    try {
      await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 5000, 'shutdown');
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // a server that does not answer is killed below
    }
    const gone = new Promise((resolve) => (this.child.exitCode !== null ? resolve(undefined) : this.child.once('exit', resolve)));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await gone;
    clearTimeout(timer);
    this.connection.dispose();
  }

  get stderr(): string {
    return this.stderrTail;
  }

  /** In push mode, the publishDiagnostics for this version (or, for servers that omit versions, the next one). */
  private nextPush(uri: string, version: number): Promise<Diagnostic[]> | undefined {
    if (this.diagnosticMode === 'pull') return undefined;
    return new Promise((resolve) => {
      this.pushWaiters.set(uri, (p) => {
        if (p.version !== undefined && p.version !== version) return;
        this.pushWaiters.delete(uri);
        resolve(p.diagnostics);
      });
    });
  }

  private async diagnostics(uri: string, push: Promise<Diagnostic[]> | undefined): Promise<Diagnostic[]> {
    const what = `${this.spec.name} diagnostics`;
    if (push) return withTimeout(push, this.timeoutMs, what);
    const report = await withTimeout(this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }), this.timeoutMs, what);
    return report.kind === DocumentDiagnosticReportKind.Full ? report.items : [];
  }
}

/** Milliseconds since `start`. */
export const since = (start: number) => performance.now() - start;

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export interface Measurement {
  server: string;
  document: string;
  chars: number;
  diagnosticMode: 'pull' | 'push';
  syncKind: 'incremental' | 'full';
  /** Spawn → initialize → didOpen → first diagnostics, ms (median of the cold starts). */
  coldStart: number;
  /** The cold start's two parts (medians): spawn → initialize answered, and didOpen → diagnostics. */
  startup: number;
  firstCheck: number;
  /** didChange → diagnostics, ms (median, after the warm-up edits). */
  edit: number;
  /** Completion request → answer, ms (median). */
  completion: number;
  completionItems: number;
  /** Bytes, after the runs. */
  memory?: Memory;
  diagnostics: number;
  /** Whether a diagnostic was found at the planted mistake (stress documents only). */
  sawSentinel?: boolean;
  /** Resident memory after the runs of each fresh process, when the document was measured more than once. */
  rssRuns?: number[];
  /** What the server logged as errors during the runs (e.g. a completion it could not compute). */
  loggedErrors: string[];
  error?: string;
}

export interface MeasureOptions {
  rootUri: string;
  uri: string;
  coldStarts: number;
  /** Untimed edits before the timed ones: both servers reach their steady, compiled state first. */
  warmUpEdits?: number;
  edits: number;
  completions: number;
  timeoutMs: number;
}

export interface MeasuredDocument {
  name: string;
  text: string;
  edit: { offset: number; length: number; variants: [string, string] };
  completionOffset: number;
  sentinelOffset?: number;
}

/** Every figure for one server on one document; each cold start is a fresh process, the last one is kept for the rest. */
export async function measure(spec: ServerSpec, doc: MeasuredDocument, o: MeasureOptions): Promise<Measurement> {
  const m: Measurement = {
    server: spec.name,
    document: doc.name,
    chars: doc.text.length,
    diagnosticMode: 'pull',
    syncKind: 'full',
    coldStart: NaN,
    startup: NaN,
    firstCheck: NaN,
    edit: NaN,
    completion: NaN,
    completionItems: 0,
    diagnostics: 0,
    loggedErrors: [],
  };
  let server: LspServer | undefined;
  try {
    const colds: number[] = [];
    const startups: number[] = [];
    let first: Diagnostic[] = [];
    for (let i = 0; i < o.coldStarts; i++) {
      await server?.stop();
      const start = performance.now();
      server = await LspServer.start(spec, o.rootUri, o.timeoutMs);
      startups.push(since(start));
      first = await server.open(o.uri, doc.text);
      colds.push(since(start));
    }
    server = server!;
    m.coldStart = median(colds);
    m.startup = median(startups);
    m.firstCheck = median(colds.map((c, i) => c - startups[i]!));
    m.diagnosticMode = server.diagnosticMode;
    m.syncKind = server.syncKind;
    m.diagnostics = first.length;
    if (doc.sentinelOffset !== undefined) {
      const line = positionAt(doc.text, doc.sentinelOffset).line;
      m.sawSentinel = first.some((d) => d.range.start.line <= line && line <= d.range.end.line);
    }

    const warmUp = o.warmUpEdits ?? 0;
    const edits: number[] = [];
    for (let i = 0; i < warmUp + o.edits; i++) {
      const { ms } = await server.change(o.uri, doc.edit.offset, doc.edit.length, doc.edit.variants[i % 2]!);
      if (i >= warmUp) edits.push(ms);
    }
    m.edit = median(edits);

    const completions: number[] = [];
    for (let i = 0; i < o.completions; i++) {
      const start = performance.now();
      const items = await server.complete(o.uri, doc.completionOffset);
      completions.push(since(start));
      m.completionItems = items.length;
    }
    m.completion = median(completions);
    m.loggedErrors = [...new Set(server.loggedErrors)];
    const memory = server.memory();
    if (memory) m.memory = memory;
  } catch (e) {
    m.error = `${e instanceof Error ? e.message : String(e)}${server?.stderr ? ` | stderr: ${server.stderr.trim().slice(-300)}` : ''}`;
  } finally {
    await server?.stop();
  }
  return m;
}
