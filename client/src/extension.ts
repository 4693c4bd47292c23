/**
 * The extension's entry point: wires the language server, the sign-in (an authentication provider), the
 * commands, CodeLens, the preview panel, the Segments view and the status bar. Each lives in its own
 * module; nothing here does work of its own. Activation is lazy: a segment file, a command, the view or a
 * sign-in request.
 */
import * as vscode from 'vscode';
import { AccountDataService } from './accountData';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, SCOPES, SegmentAuthProvider } from './auth/provider';
import { authRedirects } from './auth/redirect';
import { TokenVault } from './auth/tokenVault';
import { SegmentCodeLens } from './codeLens';
import { refreshAccountDataCommand, signInCommand, signOutCommand, stopSandboxCommand, useSandboxCommand } from './commands/account';
import { attachCommand } from './commands/attach';
import { compareCommand } from './commands/compare';
import { deleteCommand } from './commands/delete';
import { deployCommand, deployMany } from './commands/deploy';
import { escapeCommand, unescapeCommand } from './commands/escape';
import { freezeCommand } from './commands/freeze';
import { newSegmentCommand } from './commands/newSegment';
import { OPEN_SEGMENT_COMMAND, openSegmentCommand } from './commands/open';
import { compareAudienceCommand, previewCommand, previewDraftCommand } from './preview/commands';
import { pullCommand } from './commands/pull';
import { renameCommand } from './commands/rename';
import { errorNotices, NOTICE_ACTION_COMMAND, reportError, runNoticeAction } from './commands/report';
import { Connection } from './connection';
import { LANGUAGE_ID, LanguageService } from './languageClient';
import { Log } from './log';
import { PreviewManager, type PreviewState } from './preview/panel';
import { PreviewResults } from './preview/results';
import type { PreviewSummary } from './preview/summary';
import { RemoteDocuments } from './remoteDocuments';
import { LocalSandbox } from './sandbox';
import { commandOptions, type Services } from './services';
import { accountMenu, AccountStatus } from './status';
import { isTrusted } from './trust';
import { SegmentsView } from './views/segmentsView';

let language: LanguageService | undefined;
let cleanup: (() => Promise<void>) | undefined;

/** What the extension returns from activate(): read-only state for tests and other extensions. */
export interface SegmentCriteriaApi {
  account(): { host: string; sandbox: boolean; signedIn: boolean; label?: string };
  accountDataLoaded(): boolean;
  lastPreview(uri: vscode.Uri): PreviewSummary | undefined;
  preview(uri: vscode.Uri):
    | {
        state(): PreviewState;
        settled(): Promise<void>;
        more(): Promise<void>;
        countOffer(): Promise<{ requests: number; text: string }>;
        count(): Promise<number | undefined>;
        exportCsv(target: vscode.Uri): Promise<vscode.Uri | undefined>;
      }
    | undefined;
  /** The audience panel of a file ("Compare Audience with Deployed"). */
  audience(uri: vscode.Uri): { state(): PreviewState; settled(): Promise<void>; refresh(): Promise<void> } | undefined;
  /** The view's items, with the command that selecting one runs. */
  segments(): { sortOrder: string; items: { segmentId: number; name: string; command?: vscode.Command }[] };
  refreshSegments(): Promise<{ segmentId: number; name: string }[]>;
  statusText(): string;
  /** The error notices on screen (a command's failures that its next success closes). */
  errorNotices(): string[];
  /** Milliseconds from activate() being called to the language client's start() resolving (the server answered initialize). */
  languageClientReady(): Promise<number>;
}

export async function activate(context: vscode.ExtensionContext): Promise<SegmentCriteriaApi> {
  const activated = performance.now();
  const log = new Log();
  const vault = new TokenVault(context.secrets);
  log.setSecrets(() => vault.secrets());
  const connection = new Connection(vault, log, context.secrets);
  const lang = new LanguageService(context, activated);
  language = lang;
  const segmentsChanged = new vscode.EventEmitter<void>();
  const results = new PreviewResults();
  const remote = new RemoteDocuments();
  const sandbox = new LocalSandbox(log);
  const s: Services = { context, log, connection, language, remote, results, segmentsChanged, accountData: undefined! };
  const onBackgroundError = (e: unknown) => void reportError(s, 'Reading account data', e);
  s.accountData = new AccountDataService(connection, language, context.globalState, log, onBackgroundError);
  const previews = new PreviewManager(s);
  const auth = new SegmentAuthProvider(connection, log);
  authRedirects.init(context.extension.id, (m) => log.warn(m));
  const codeLens = new SegmentCodeLens(results, connection);
  const status = new AccountStatus(connection);
  const segments = new SegmentsView(connection, log, context.globalState, segmentsChanged.event, (e) => void reportError(s, 'Segments', e));

  const setContext = () => {
    void vscode.commands.executeCommand('setContext', 'segmentCriteria.signedIn', !!connection.current);
    // Connected to a sandbox (no "Use Local Sandbox" then); this window's own one ("Stop Local Sandbox").
    void vscode.commands.executeCommand('setContext', 'segmentCriteria.sandbox', connection.usingSandbox());
    void vscode.commands.executeCommand('setContext', 'segmentCriteria.sandboxOverride', connection.sandboxOverride());
  };
  /** Puts "Sign in with Constant Contact" in the Accounts menu, for users who set up a client id (or the sandbox). */
  const requestSignIn = () => {
    if (!connection.current && isTrusted() && connection.target().clientId) {
      void Promise.resolve(vscode.authentication.getSession(AUTH_PROVIDER_ID, SCOPES, { createIfNone: false })).catch(() => undefined);
    }
  };

  const command = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, fn);
  context.subscriptions.push(
    log,
    connection,
    segmentsChanged,
    results,
    remote,
    sandbox,
    previews,
    auth,
    codeLens,
    status,
    segments,
    s.accountData,
    language,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, auth, { supportsMultipleAccounts: false }),
    // The authorization code flow's redirect (<uriScheme>://segment-criteria.segment-criteria/auth-callback).
    vscode.window.registerUriHandler(authRedirects),
    vscode.languages.registerCodeLensProvider([{ language: LANGUAGE_ID }, { pattern: '**/*.segment.json' }], codeLens),
    connection.onDidChange(() => {
      setContext();
      requestSignIn();
    }),
    command('segmentCriteria.newSegment', () => newSegmentCommand()),
    command('segmentCriteria.escape', (arg) => escapeCommand(s, arg)),
    command('segmentCriteria.unescape', () => unescapeCommand(s)),
    command('segmentCriteria.deploy', (arg, ...rest) => {
      // The Explorer passes the clicked file and the whole selection.
      const selection = Array.isArray(rest[0]) ? rest[0].filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
      if (selection.length > 1) return deployMany(s, selection, commandOptions(...rest.slice(1)));
      return deployCommand(s, arg, commandOptions(arg, ...rest));
    }),
    command('segmentCriteria.pull', (arg, ...rest) => pullCommand(s, arg, commandOptions(arg, ...rest))),
    command('segmentCriteria.rename', (arg, ...rest) => renameCommand(s, arg, commandOptions(arg, ...rest))),
    command('segmentCriteria.delete', (arg, ...rest) => deleteCommand(s, arg, commandOptions(arg, ...rest))),
    command('segmentCriteria.attachToCampaign', (arg, ...rest) => attachCommand(s, arg, commandOptions(arg, ...rest))),
    command('segmentCriteria.freezeToList', (arg, ...rest) => freezeCommand(s, arg, commandOptions(arg, ...rest))),
    command('segmentCriteria.preview', (arg) => previewCommand(s, previews, arg).then((p) => !!p)),
    command('segmentCriteria.previewDraft', (arg) => previewDraftCommand(s, previews, arg).then((p) => !!p)),
    command('segmentCriteria.compareWithDeployed', (arg) => compareCommand(s, arg)),
    command('segmentCriteria.compareAudience', (arg) => compareAudienceCommand(s, previews, arg)),
    command('segmentCriteria.signIn', () => signInCommand(s).then((x) => !!x)),
    command('segmentCriteria.signOut', () => signOutCommand(s)),
    command('segmentCriteria.useSandbox', (arg) => useSandboxCommand(s, sandbox, arg).then((x) => !!x)),
    command('segmentCriteria.stopSandbox', () => stopSandboxCommand(s, sandbox)),
    command('segmentCriteria.refreshAccountData', () => refreshAccountDataCommand(s)),
    command('segmentCriteria.showLog', () => log.show()),
    command('segmentCriteria.accountMenu', () => (connection.current || isTrusted() ? accountMenu(connection) : vscode.commands.executeCommand('segmentCriteria.signIn'))),
    command('segmentCriteria.segments.refresh', () => segments.refresh()),
    command('segmentCriteria.segments.sortByName', () => segments.sortBy('name')),
    command('segmentCriteria.segments.sortByDate', () => segments.sortBy('date')),
    command(OPEN_SEGMENT_COMMAND, (arg) => openSegmentCommand(s, arg)),
    command(NOTICE_ACTION_COMMAND, (id) => runNoticeAction(id)),
  );

  cleanup = async () => {
    // The sandbox's tokens are worthless once it stops with this window.
    const own = sandbox.endpoints;
    if (own) await vault.remove(new URL(own.apiBaseUrl).host).then(undefined, () => undefined);
    await sandbox.stop();
  };

  await connection.reload();
  setContext();
  s.accountData.start();
  requestSignIn();

  return {
    account: () => ({ host: connection.host(), sandbox: connection.usingSandbox(), signedIn: !!connection.current, ...(connection.current ? { label: connection.current.label } : {}) }),
    accountDataLoaded: () => s.accountData.loaded,
    lastPreview: (uri) => results.get(uri),
    preview: (uri) => {
      const p = previews.forDocument(uri);
      return p && { state: () => p.state(), settled: () => p.settled(), more: () => p.more(), countOffer: () => p.countOffer(), count: () => p.count(), exportCsv: (t) => p.exportCsv({ target: t, whole: false }) };
    },
    audience: (uri) => {
      const p = previews.forDocument(uri, true);
      return p && { state: () => p.state(), settled: () => p.settled(), refresh: () => p.reload() };
    },
    segments: () => ({ sortOrder: segments.sortOrder, items: segments.items.map((i) => ({ segmentId: i.segmentId, name: i.name, ...(i.command ? { command: i.command } : {}) })) }),
    refreshSegments: async () => (await segments.getChildren()).map((i) => ({ segmentId: i.segmentId, name: i.name })),
    statusText: () => status.text,
    errorNotices: () => errorNotices.messages(),
    languageClientReady: () => lang.startedIn,
  };
}

export async function deactivate(): Promise<void> {
  await cleanup?.();
  cleanup = undefined;
  await language?.stop();
  language = undefined;
}
