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
import { BACKGROUND_CHECK_CHARS, BackgroundChecks } from './backgroundChecks';
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
// The worker's script is bundled beside this one (dist/check-worker.js).
const backgroundChecks = new BackgroundChecks(join(__dirname, 'check-worker.js'));

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

function diagnose(doc: TextDocument): Diagnostic[] {
  return service.validate(doc.getText(), options()).map(toLsp);
}

/**
 * The diagnostics of a document's current version: inline for a document of ordinary size, in the worker
 * for a large one (so that other requests are answered meanwhile). Undefined when the check was superseded
 * by a newer one or cancelled.
 */
async function diagnoseCurrent(doc: TextDocument, token?: CancellationToken): Promise<Diagnostic[] | undefined> {
  const text = doc.getText();
  if (text.length < BACKGROUND_CHECK_CHARS) return diagnose(doc);
  const check = backgroundChecks.check(doc.uri, text, options());
  const cancelled = token?.onCancellationRequested(() => check.cancel());
  try {
    return (await check.done)?.map(toLsp);
  } finally {
    cancelled?.dispose();
  }
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
  backgroundChecks.cancel(uri);
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
  backgroundChecks.forget(uri);
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
      const items = await diagnoseCurrent(doc, token);
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
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
    (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      return service.complete(doc.getText(), params.position, options()).map((i): LspCompletionItem => ({
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
    (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const h = service.hover(doc.getText(), params.position, options());
      return h ? { contents: { kind: 'markdown', value: h.contents }, range: h.range } : null;
    },
    positionRequestProblem,
  ),
);

connection.onCodeAction(
  guards.request(
    'textDocument/codeAction',
    (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const diagnostics: SegmentDiagnostic[] = params.context.diagnostics
        // Codes outside the registry have no fix: another version's, or not ours.
        .filter((d): d is Diagnostic & { code: Code } => d.source === 'segment-criteria' && isCode(d.code))
        .map((d) => ({ range: d.range, severity: FROM_SEVERITY[d.severity ?? 1] ?? 'error', code: d.code, message: typeof d.message === 'string' ? d.message : d.message.value, source: 'segment-criteria' as const, data: d.data }));
      return service.codeActions(doc.getText(), diagnostics).map((a) => ({
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
    (params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? service.format(doc.getText(), { tabSize: params.options.tabSize, insertSpaces: params.options.insertSpaces, insertFinalNewline: params.options.insertFinalNewline ?? true }) : [];
    },
    formattingProblem,
  ),
);

connection.onDocumentRangeFormatting(
  guards.request(
    'textDocument/rangeFormatting',
    (params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? service.format(doc.getText(), { tabSize: params.options.tabSize, insertSpaces: params.options.insertSpaces, insertFinalNewline: false }, params.range) : [];
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
    (params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? service.documentSymbols(doc.getText(), options()).map(toLspSymbol) : [];
    },
    documentProblem,
  ),
);

connection.onFoldingRanges(
  guards.request(
    'textDocument/foldingRange',
    (params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? service.folding(doc.getText()) : [];
    },
    documentProblem,
  ),
);

/** The plain-English reading of a document's criteria (for CodeLens and previews in clients). */
connection.onRequest(
  describeRequest,
  guards.request(
    describeRequest.method,
    (params: { uri: string }) => {
      const doc = documents.get(params.uri);
      return doc ? service.describe(doc.getText(), options()) ?? null : null;
    },
    uriProblem,
  ),
);

/**
 * Memory figures, for tests and benchmarks: what the parse cache holds ({ documents, chars }) and the
 * process's heap and resident set, in bytes. Shows that a closed document's tree was let go.
 */
/**
 * The check before a file leaves the machine, for the extension (which carries no checker of its own): the
 * text's diagnostics with the given settings, and the given account data or else the server's.
 */
connection.onRequest(
  checkRequest,
  guards.request(
    checkRequest.method,
    (params: CheckParams) => {
      const opts = options();
      return service.validate(params.text, {
        ...opts,
        severity: severityOf(params.severity) ?? opts.severity,
        strict: params.strict ?? opts.strict,
        ...(params.account ? { account: params.account } : {}),
      });
    },
    checkProblem,
  ),
);

connection.onRequest(
  memoryStatsRequest,
  guards.request(memoryStatsRequest.method, () => {
    const { heapUsed, rss } = process.memoryUsage();
    return { parseCache: service.parseCacheStats(), heapUsed, rss };
  }),
);

connection.onShutdown(
  guards.request('shutdown', () => {
    backgroundChecks.dispose();
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
