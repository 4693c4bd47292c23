/**
 * The language server: LSP wiring only. Every document it is given is treated as a segment document,
 * whatever its language id, so any LSP client works. Pull diagnostics (LSP 3.17) for clients that support
 * them, push for the others, never both to one client.
 */
import { join } from 'node:path';
import {
  type CancellationToken,
  CodeActionKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CompletionItem as LspCompletionItem,
  CompletionItemKind,
  createConnection,
  type Diagnostic,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  InsertTextFormat,
  type InitializeResult,
  ProposedFeatures,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type DocumentSymbol as LspDocumentSymbol,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { callInline, type CallArgs, type CallName, type CallResult } from './documentCalls';
import { LARGE_DOCUMENT_CHARS, LargeDocuments, type Target } from './largeDocuments';
import { Guards } from './guards';
import { type Code, isCode } from './language/codes';
import { accountDataNotification, checkRequest, describeRequest, memoryStatsRequest, type CheckParams } from './protocol';
import * as service from './language/service';
import type { AccountData, CompletionKind, DocumentSymbol, SegmentDiagnostic, Severity, SeveritySetting, SymbolKind as OurSymbolKind } from './language/types';
import {
  accountDataProblem,
  changeProblem,
  codeActionProblem,
  documentProblem,
  formattingProblem,
  openProblem,
  positionRequestProblem,
  rangeRequestProblem,
  severityOf,
  uriProblem,
  checkProblem,
} from './messageShapes';

declare const __VERSION__: string | undefined;

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
if (!process.argv.some((a) => TRANSPORTS.some((t) => a.startsWith(t)))) {
  if (process.argv.includes('--version')) {
    process.stdout.write(`${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}\n`);
    process.exit(0);
  }
  process.stderr.write(
    'segment-criteria-language-server: the language server for Constant Contact segment files (*.segment.json).\n' +
      'Start it from your editor with --stdio (or --node-ipc, --socket=PORT), e.g. segment-criteria-language-server --stdio\n',
  );
  process.exit(process.argv.includes('--help') ? 0 : 2);
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const guards = new Guards({ warn: (m) => connection.console.warn(m), error: (m) => connection.console.error(m) });
// The worker's script is bundled beside this one (dist/large-document-worker.js).
const largeDocuments = new LargeDocuments(join(__dirname, 'large-document-worker.js'));

let pullDiagnostics = false;
let configurationRequests = false;
let severity: Record<string, SeveritySetting> = {};
let strict = false;
let account: AccountData | undefined;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
const FROM_SEVERITY: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
  reference: CompletionItemKind.Reference,
};

const SYMBOL_KIND: Record<OurSymbolKind, SymbolKind> = {
  file: SymbolKind.File,
  string: SymbolKind.String,
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  operator: SymbolKind.Operator,
  field: SymbolKind.Field,
  number: SymbolKind.Number,
};

/** The `segmentCriteria.*` settings the server reads (also accepted as initialization options), unchecked: a client may send anything. */
interface SettingsGiven {
  diagnostics?: { severity?: unknown };
  strict?: unknown;
}

function options(): service.ServiceOptions {
  return { severity, account, strict };
}

function toLsp(d: SegmentDiagnostic): Diagnostic {
  const out: Diagnostic = { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: d.source, message: d.message };
  if (d.data !== undefined) out.data = d.data;
  return out;
}

/**
 * A language-service call on a text: inline for one of ordinary size, in the worker for a large one (so that
 * other requests are answered meanwhile, and this thread keeps no second tree of an open document, which
 * the worker holds). Undefined when a check was superseded by a newer one, or the call was cancelled or
 * its document closed.
 */
async function run<K extends CallName>(target: Target, name: K, args: CallArgs<K>, token?: CancellationToken): Promise<CallResult<K> | undefined> {
  if (target.text.length < LARGE_DOCUMENT_CHARS) return callInline(name, target.text, args);
  const pending = largeDocuments.call(target, name, args);
  const cancelled = token?.onCancellationRequested(() => pending.cancel());
  try {
    return await pending.done;
  } finally {
    cancelled?.dispose();
  }
}

/** A call on an open document's current version. */
function call<K extends CallName>(doc: TextDocument, name: K, args: CallArgs<K>, token?: CancellationToken): Promise<CallResult<K> | undefined> {
  const text = doc.getText();
  // A large document edited below the size is answered here from now on: the worker lets go of it, once
  // it has answered what was asked of its larger versions.
  if (text.length < LARGE_DOCUMENT_CHARS) largeDocuments.forget(doc.uri, true);
  return run({ key: doc.uri, text }, name, args, token);
}

/**
 * A call's result as a request's answer: LSP's RequestCancelled when the client cancelled the request,
 * else the result, or `otherwise` when there is none (the document closed meanwhile).
 */
function ifNotCancelled<T>(result: T | undefined, token: CancellationToken, otherwise: T): T {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
  return result ?? otherwise;
}

/** The diagnostics of a document's current version; undefined when the check was superseded or cancelled. */
async function diagnoseCurrent(doc: TextDocument, token?: CancellationToken): Promise<Diagnostic[] | undefined> {
  return (await call(doc, 'validate', [options()], token))?.map(toLsp);
}

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  pullDiagnostics = !!caps.textDocument?.diagnostic;
  configurationRequests = !!caps.workspace?.configuration;
  const initOptions = params.initializationOptions as { severity?: unknown; strict?: unknown } | null | undefined;
  severity = severityOf(initOptions?.severity) ?? severity;
  if (typeof initOptions?.strict === 'boolean') strict = initOptions.strict;
  guards.markInitialized();
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false, identifier: 'segment-criteria' } } : {}),
    },
    serverInfo: { name: 'segment-criteria-language-server' },
  };
});

connection.onInitialized(guards.notification('initialized', () => void refreshSettings()));

async function refreshSettings(): Promise<void> {
  if (!configurationRequests) return;
  try {
    const config = (await connection.workspace.getConfiguration('segmentCriteria')) as SettingsGiven | null;
    severity = severityOf(config?.diagnostics?.severity) ?? {};
    strict = config?.strict === true;
  } catch {
    // A client that cannot answer keeps the defaults.
  }
  revalidateAll();
}

function revalidateAll(): void {
  if (pullDiagnostics) {
    void connection.languages.diagnostics.refresh().catch(() => undefined);
  } else {
    for (const doc of documents.all()) schedule(doc);
  }
}

connection.onDidChangeConfiguration(
  guards.notification('workspace/didChangeConfiguration', (change) => {
    const settings = (change?.settings as { segmentCriteria?: SettingsGiven } | null | undefined)?.segmentCriteria;
    const given = severityOf(settings?.diagnostics?.severity);
    if (given && !configurationRequests) severity = given;
    if (typeof settings?.strict === 'boolean' && !configurationRequests) strict = settings.strict;
    void refreshSettings();
    if (!configurationRequests) revalidateAll();
  }),
);

/** Account data from the client (lists, tags, campaign activities, custom fields), or null when signed out. */
connection.onNotification(
  accountDataNotification,
  guards.notification(
    accountDataNotification.method,
    (data: AccountData | null) => {
      account = data ?? undefined;
      revalidateAll();
    },
    accountDataProblem,
  ),
);

// ---- push diagnostics: validate after changes settle, and never publish for an older version ----------

const pending = new Map<string, ReturnType<typeof setTimeout>>();

function schedule(doc: TextDocument): void {
  const uri = doc.uri;
  // A check of an older version is of no use any more: stop it now rather than when it would publish.
  largeDocuments.cancel(uri);
  if (pullDiagnostics) return;
  clearTimeout(pending.get(uri));
  pending.set(
    uri,
    setTimeout(() => {
      pending.delete(uri);
      guards.run(`Checking ${uri}`, () => {
        const current = documents.get(uri);
        if (!current) return;
        const version = current.version;
        void diagnoseCurrent(current).then(
          (diagnostics) => {
            // The document may have changed while we worked: publish only for the version we checked.
            if (!diagnostics || documents.get(uri)?.version !== version) return;
            void connection.sendDiagnostics({ uri, version, diagnostics });
          },
          (e: unknown) => connection.console.error(`Checking ${uri} failed: ${e instanceof Error ? e.message : String(e)}`),
        );
      });
    }, 50),
  );
}

documents.onDidOpen((e) => schedule(e.document));
documents.onDidChangeContent((e) => schedule(e.document));
documents.onDidClose((e) => {
  const uri = e.document.uri;
  clearTimeout(pending.get(uri));
  pending.delete(uri);
  largeDocuments.forget(uri);
  service.release(e.document.getText());
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
});

connection.languages.diagnostics.on(
  guards.request(
    'textDocument/diagnostic',
    async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const version = doc.version;
      const items = ifNotCancelled(await diagnoseCurrent(doc, token), token, undefined);
      // Superseded by a newer version (whose own pull follows the change): LSP's ServerCancelled, with no
      // retrigger, tells the client to drop this answer without asking again for it.
      if (!items || documents.get(doc.uri)?.version !== version) {
        throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed while it was checked: the newer version is checked instead.', { retriggerRequest: false });
      }
      return { kind: DocumentDiagnosticReportKind.Full, items };
    },
    documentProblem,
  ),
);

// ---- language features ---------------------------------------------------------------------------

connection.onCompletion(
  guards.request(
    'textDocument/completion',
    async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      return ifNotCancelled(await call(doc, 'complete', [params.position, options()], token), token, []).map((i): LspCompletionItem => ({
        label: i.label,
        kind: COMPLETION_KIND[i.kind],
        detail: i.detail,
        documentation: i.documentation ? { kind: 'markdown', value: i.documentation } : undefined,
        textEdit: { range: i.range, newText: i.insertText },
        insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        filterText: i.filterText,
        sortText: i.sortText,
        command: i.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
      }));
    },
    positionRequestProblem,
  ),
);

connection.onHover(
  guards.request(
    'textDocument/hover',
    async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const h = ifNotCancelled(await call(doc, 'hover', [params.position, options()], token), token, undefined);
      return h ? { contents: { kind: 'markdown', value: h.contents }, range: h.range } : null;
    },
    positionRequestProblem,
  ),
);

connection.onCodeAction(
  guards.request(
    'textDocument/codeAction',
    async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const diagnostics: SegmentDiagnostic[] = params.context.diagnostics
        // Codes outside the registry have no fix: another version's, or not ours.
        .filter((d): d is Diagnostic & { code: Code } => d.source === 'segment-criteria' && isCode(d.code))
        .map((d) => ({ range: d.range, severity: FROM_SEVERITY[d.severity ?? 1] ?? 'error', code: d.code, message: typeof d.message === 'string' ? d.message : d.message.value, source: 'segment-criteria' as const, data: d.data }));
      return ifNotCancelled(await call(doc, 'codeActions', [diagnostics], token), token, []).map((a) => ({
        title: a.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: a.isPreferred,
        diagnostics: [toLsp(a.diagnostic)],
        edit: { changes: { [doc.uri]: a.edits } },
      }));
    },
    codeActionProblem,
  ),
);

connection.onDocumentFormatting(
  guards.request(
    'textDocument/formatting',
    async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const formatting = { tabSize: params.options.tabSize, insertSpaces: params.options.insertSpaces, insertFinalNewline: params.options.insertFinalNewline ?? true };
      return ifNotCancelled(await call(doc, 'format', [formatting], token), token, []);
    },
    formattingProblem,
  ),
);

connection.onDocumentRangeFormatting(
  guards.request(
    'textDocument/rangeFormatting',
    async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const formatting = { tabSize: params.options.tabSize, insertSpaces: params.options.insertSpaces, insertFinalNewline: false };
      return ifNotCancelled(await call(doc, 'format', [formatting, params.range], token), token, []);
    },
    (params) => formattingProblem(params) ?? rangeRequestProblem(params),
  ),
);

function toLspSymbol(s: DocumentSymbol): LspDocumentSymbol {
  return { name: s.name, detail: s.detail, kind: SYMBOL_KIND[s.kind], range: s.range, selectionRange: s.selectionRange, children: s.children.map(toLspSymbol) };
}

connection.onDocumentSymbol(
  guards.request(
    'textDocument/documentSymbol',
    async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? ifNotCancelled(await call(doc, 'documentSymbols', [options()], token), token, []).map(toLspSymbol) : [];
    },
    documentProblem,
  ),
);

connection.onFoldingRanges(
  guards.request(
    'textDocument/foldingRange',
    async (params, token) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? ifNotCancelled(await call(doc, 'folding', [], token), token, []) : [];
    },
    documentProblem,
  ),
);

/** The plain-English reading of a document's criteria (for CodeLens and previews in clients). */
connection.onRequest(
  describeRequest,
  guards.request(
    describeRequest.method,
    async (params: { uri: string }) => {
      const doc = documents.get(params.uri);
      return doc ? ((await call(doc, 'describe', [options()])) ?? null) : null;
    },
    uriProblem,
  ),
);

/**
 * The check before a file leaves the machine, for the extension (which carries no checker of its own): the
 * text's diagnostics with the given settings, and the given account data or else the server's. A large text
 * is checked in the worker, which lets go of it after.
 */
connection.onRequest(
  checkRequest,
  guards.request(
    checkRequest.method,
    async (params: CheckParams, token) => {
      const opts = options();
      const given: service.ServiceOptions = {
        ...opts,
        severity: severityOf(params.severity) ?? opts.severity,
        strict: params.strict ?? opts.strict,
        ...(params.account ? { account: params.account } : {}),
      };
      const diagnostics = ifNotCancelled(await run({ text: params.text }, 'validate', [given], token), token, undefined);
      // Never an empty answer for a check that did not finish: that would read as a clean file.
      if (!diagnostics) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The server stopped before the check finished: check again.');
      return diagnostics;
    },
    checkProblem,
  ),
);

/**
 * Memory figures, for tests and benchmarks: what the parse caches hold ({ documents, chars }), this
 * thread's and the worker's (null when none runs), and the process's heap and resident set, in bytes. Shows
 * that a closed document's tree was let go.
 */
connection.onRequest(
  memoryStatsRequest,
  guards.request(memoryStatsRequest.method, async () => {
    const { heapUsed, rss } = process.memoryUsage();
    return { parseCache: service.parseCacheStats(), largeDocuments: (await largeDocuments.stats()) ?? null, heapUsed, rss };
  }),
);

connection.onShutdown(
  guards.request('shutdown', () => {
    largeDocuments.dispose();
  }),
);

// Any other request: before initialize, the error the specification asks for; after it, "no such method".
connection.onRequest((method) => {
  if (!guards.initialized) throw new ResponseError(ErrorCodes.ServerNotInitialized, `The server is not initialized: send "initialize" before ${method}.`);
  throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
});

// The document notifications, checked before TextDocuments applies them: a didOpen without a string
// text, or a change that is not a list of edits, would otherwise corrupt the document or the checks.
documents.listen({
  onDidOpenTextDocument: (h) => connection.onDidOpenTextDocument(guards.notification('textDocument/didOpen', h, openProblem)),
  onDidChangeTextDocument: (h) =>
    connection.onDidChangeTextDocument(
      guards.notification(
        'textDocument/didChange',
        (params) => {
          // The tree of the version being replaced is of no more use as it is: let it go, for the next parse
          // to reuse when the edit was inside one string value.
          const replaced = documents.get(params.textDocument.uri)?.getText();
          h(params);
          if (replaced !== undefined) service.release(replaced, true);
        },
        changeProblem,
      ),
    ),
  onDidCloseTextDocument: (h) => connection.onDidCloseTextDocument(guards.notification('textDocument/didClose', h, documentProblem)),
  onWillSaveTextDocument: (h) => connection.onWillSaveTextDocument(guards.notification('textDocument/willSave', h, documentProblem)),
  onWillSaveTextDocumentWaitUntil: (h) => connection.onWillSaveTextDocumentWaitUntil(guards.request('textDocument/willSaveWaitUntil', h, documentProblem)),
  onDidSaveTextDocument: (h) => connection.onDidSaveTextDocument(guards.notification('textDocument/didSave', h, documentProblem)),
});
connection.listen();
