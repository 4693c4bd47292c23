/**
 * The preview panel: a segment's contacts in a webview table. The first page shows at once and more load
 * on demand (the API is read 500 contacts a request; the table shows a page at a time); an exact count
 * reads the total of one export activity (a few requests whatever the size) after saying so; CSV export
 * writes the loaded rows, or for a deployed segment the whole segment through the API's bulk export.
 *
 * An audience panel ("Compare Audience with Deployed") shows instead who would enter and leave the
 * file's segment if the file were deployed now (domain/src/audienceDiff.ts).
 *
 * A deployed segment is read as it is in the account (with a warning when the file differs). A draft is
 * the file as it is, through a temporary segment made for the read and deleted right after it (the API
 * cannot evaluate criteria without saving them), so a draft shows the first 500 contacts at most.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { needsOf } from '../../../domain/src/accountData';
import { isLoopback, type ContactPage, type CtctClient } from '../../../api/src/client';
import { csvRows, exportSegmentContacts } from '../../../domain/src/contactExport';
import { holdsRemote, segmentPresence } from '../../../domain/src/remoteSegment';
import { ApiError } from '../../../api/src/errors';
import { PAGE_MAX, withDraftSegment } from '../../../domain/src/preview';
import { audienceDiff, type AudienceDiff } from '../../../domain/src/audienceDiff';
import { countDraft, countSegment } from '../../../domain/src/count';
import { parseSegmentFile, type SegmentFile } from '../../../domain/src/segmentFile';
import type { Contact } from '../../../api/src/types';
import type { SegmentDiagnostic } from '../../../server/src/language/types';
import { uncheckedOf } from '../../../server/src/language/unchecked';
import { isCancel, reportError, type Reporter } from '../commands/report';
import { checkText, countErrors } from '../commands/gate';
import type { Services } from '../services';
import { compareAudienceSettings, previewPageSize } from '../settings';
import { contacts, countOffer, diffRefusalText, diffSummary, requests, sideView } from '../commands/audienceMessages';
import { segmentGoneText } from '../commands/deployMessages';
import { COLUMNS, contactRows, contactsToCsv } from './csv';
import { makeNonce, previewHtml, type FromWebview, type ToWebview } from './html';
import { uncheckedNote } from './uncheckedNote';

export type PreviewSource =
  | { kind: 'deployed'; segmentId: number; label: string; docUri?: vscode.Uri }
  | { kind: 'draft'; docUri: vscode.Uri; label: string }
  /** Who would enter and leave the file's segment if it were deployed now. */
  | { kind: 'audience'; docUri: vscode.Uri; label: string };

/** An audience diff as tests read it: the counts and the email addresses shown. */
export interface AudienceState {
  basis: AudienceDiff['basis'];
  entering: { count: number; shown: string[] };
  leaving: { count: number; shown: string[] };
  requests: number;
}

/** What tests and CodeLens can read about a panel. */
export interface PreviewState {
  kind: PreviewSource['kind'];
  shown: number;
  more: boolean;
  exactCount?: number;
  /** Requests the exact count took. */
  countRequests?: number;
  audience?: AudienceState;
  loading: boolean;
  error?: string;
  warning?: string;
  /** Which criteria the sandbox could not evaluate (the file's unchecked-source warnings). */
  note?: string;
}

export const VIEW_TYPE = 'segmentCriteria.preview';

export class PreviewManager implements vscode.Disposable {
  private readonly panels = new Map<string, PreviewPanel>();

  constructor(private readonly s: Services) {}

  static keyOf(source: PreviewSource, host: string): string {
    return source.kind === 'deployed' ? `deployed ${host} ${source.segmentId}` : `${source.kind} ${source.docUri.toString()}`;
  }

  show(source: PreviewSource): PreviewPanel {
    const key = PreviewManager.keyOf(source, this.s.connection.host());
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal();
      void panel.reload();
      return panel;
    }
    panel = new PreviewPanel(this.s, source, () => this.panels.delete(key));
    this.panels.set(key, panel);
    return panel;
  }

  /** The panel previewing a file (deployed or draft; or `audience`: comparing its audience), for tests. */
  forDocument(uri: vscode.Uri, audience = false): PreviewPanel | undefined {
    return [...this.panels.values()].find((p) => p.source.docUri?.toString() === uri.toString() && (p.source.kind === 'audience') === audience);
  }

  all(): PreviewPanel[] {
    return [...this.panels.values()];
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }
}

export class PreviewPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly client: CtctClient;
  private readonly lifetime = new AbortController();
  private readonly disposables: vscode.Disposable[] = [];
  private pages: AsyncGenerator<ContactPage> | undefined;
  /** Read from the API, not shown yet. */
  private buffer: Contact[] = [];
  private shown: Contact[] = [];
  private apiMore = false;
  private exactCount: number | undefined;
  private countRequests: number | undefined;
  private audience: { diff: AudienceDiff; view: Extract<ToWebview, { type: 'audience' }> } | undefined;
  private header: Extract<ToWebview, { type: 'header' }>;
  private busy: Promise<void> | undefined;
  /** What the current operation is doing, as the page's status line says it. */
  private what = '';
  /** The last reload asked for, until it has started its operation and that has ended. */
  private reloading: Promise<void> | undefined;
  private error: string | undefined;
  private generation = 0;
  private readonly reporter: Reporter;
  private disposed = false;

  constructor(
    private readonly s: Services,
    readonly source: PreviewSource,
    private readonly onDispose: () => void,
  ) {
    this.reporter = s;
    this.client = s.connection.client();
    const draft = source.kind !== 'deployed';
    const audience = source.kind === 'audience';
    this.header = { type: 'header', title: source.label, subtitle: source.kind === 'deployed' ? `Segment ${source.segmentId}` : audience ? 'Audience change' : 'Draft preview', draft, canDeploy: false, ...(audience ? { audience } : {}) };
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, `${audience ? 'Audience: ' : draft ? 'Draft: ' : 'Preview: '}${shortLabel(source.label)}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [],
      enableFindWidget: true,
    });
    this.panel.webview.html = previewHtml(makeNonce());
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
    );
    void this.reload();
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  state(): PreviewState {
    return {
      kind: this.source.kind,
      shown: this.shown.length,
      more: this.buffer.length > 0 || this.apiMore,
      ...(this.exactCount !== undefined ? { exactCount: this.exactCount } : {}),
      ...(this.countRequests !== undefined ? { countRequests: this.countRequests } : {}),
      ...(this.audience ? { audience: audienceState(this.audience.diff) } : {}),
      loading: !!this.busy,
      ...(this.error ? { error: this.error } : {}),
      ...(this.header.warning ? { warning: this.header.warning } : {}),
      ...(this.header.note ? { note: this.header.note } : {}),
    };
  }

  /** Resolves when the current operation (first load, reload, more, count) is done. */
  async settled(): Promise<void> {
    while (this.reloading || this.busy) await (this.reloading ?? this.busy);
  }

  private post(m: ToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        // The page loaded (or was rebuilt after being hidden): messages sent before it listened are lost, so
        // send everything known again. Loading itself started with the panel.
        this.post(this.header);
        this.post({ type: 'columns', columns: COLUMNS.map((c) => c.header) });
        if (this.shown.length || this.exactCount !== undefined) this.postRows(false);
        if (this.exactCount !== undefined) this.post({ type: 'count', state: 'done', count: this.exactCount, requests: this.countRequests ?? 0 });
        if (this.audience) this.post(this.audience.view);
        if (this.error) this.post({ type: 'error', message: this.error });
        if (this.busy) this.post({ type: 'busy', busy: true, what: this.what });
        break;
      case 'more':
        void this.more();
        break;
      case 'countOffer':
        void this.countOffer();
        break;
      case 'count':
        void this.count();
        break;
      case 'csv':
        void this.exportCsv();
        break;
      case 'refresh':
        void this.reload();
        break;
      case 'deploy':
        if (this.source.docUri) void vscode.commands.executeCommand('segmentCriteria.deploy', this.source.docUri).then(() => this.reload());
        break;
      case 'draft':
        if (this.source.docUri) void vscode.commands.executeCommand('segmentCriteria.previewDraft', this.source.docUri);
        break;
    }
  }

  /**
   * Runs one operation at a time, with the panel's busy state and errors shown in it. A `cancellable` one
   * shows a notification with Cancel, which aborts it as closing the panel does.
   */
  private run(what: string, fn: (signal: AbortSignal) => Promise<void>, cancellable = false): Promise<void> {
    if (this.busy) return this.busy;
    const generation = this.generation;
    this.post({ type: 'busy', busy: true, what: (this.what = what) });
    const p = vscode.window
      .withProgress({ location: cancellable ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: `Segment Criteria: ${what}`, cancellable }, async (_, token) => {
        const stop = new AbortController();
        const abort = () => stop.abort();
        const sub = token.onCancellationRequested(abort);
        this.lifetime.signal.addEventListener('abort', abort);
        try {
          await fn(stop.signal);
        } finally {
          sub.dispose();
          this.lifetime.signal.removeEventListener('abort', abort);
        }
      })
      .then(
        () => undefined,
        async (e: unknown) => {
          if (this.disposed || generation !== this.generation) return;
          if (isCancel(e)) {
            if (cancellable) this.post({ type: 'error', message: (this.error = 'Cancelled. Refresh to start again.') });
            return;
          }
          this.error = this.s.log.clean(e instanceof Error ? e.message : String(e));
          this.post({ type: 'error', message: this.error });
          await reportError(this.reporter, `Preview ${this.source.label}`, e);
        },
      );
    const busy: Promise<void> = Promise.resolve(p).finally(() => {
      if (this.busy === busy) this.busy = undefined;
      this.post({ type: 'busy', busy: false });
    });
    this.busy = busy;
    return busy;
  }

  /** Reads the first page again (and, for a draft, the file as it is now). */
  reload(): Promise<void> {
    const p: Promise<void> = this.load().finally(() => {
      if (this.reloading === p) this.reloading = undefined;
    });
    this.reloading = p;
    return p;
  }

  private async load(): Promise<void> {
    while (this.busy) await this.busy;
    this.generation++;
    this.pages = undefined;
    this.buffer = [];
    this.shown = [];
    this.apiMore = false;
    this.exactCount = undefined;
    this.countRequests = undefined;
    this.audience = undefined;
    this.error = undefined;
    const source = this.source;
    if (source.kind === 'audience') return this.run(`Comparing the audience of ${source.label} with the deployed one…`, (signal) => this.loadAudience(source, signal), true);
    return this.run('Reading contacts…', (signal) => (source.kind === 'deployed' ? this.loadDeployed(source, signal) : this.loadDraft(source as Extract<PreviewSource, { kind: 'draft' }>, signal)));
  }

  private async loadDeployed(source: Extract<PreviewSource, { kind: 'deployed' }>, signal: AbortSignal): Promise<void> {
    const remote = await this.client.getSegment(source.segmentId, { signal });
    const header: typeof this.header = { ...this.header, title: remote.name, subtitle: `Segment ${remote.segment_id} in "${this.s.connection.current?.label ?? this.s.connection.host()}"${remote.edited_at ? `, edited ${remote.edited_at}` : ''}` };
    delete header.warning;
    delete header.note;
    if (source.docUri) {
      const doc = await vscode.workspace.openTextDocument(source.docUri);
      let local: SegmentFile | undefined;
      try {
        local = parseSegmentFile(doc.getText(), source.label);
      } catch {
        /* an unreadable file cannot be compared */
      }
      if (local && !holdsRemote(local, remote)) {
        header.warning = `${source.label} differs from deployed segment ${remote.segment_id}: these are the deployed version's contacts. Deploy the file, or preview it as a draft.`;
        header.canDeploy = true;
      }
      const reading = await this.s.language.describe(source.docUri);
      if (reading) header.reading = reading;
      // Without an answer from the server, the preview goes on without the note.
      const note = this.uncheckedNote(await checkText(this.s.language, doc.getText(), doc.uri).catch(() => []));
      if (note) header.note = note;
    }
    this.header = header;
    this.post(header);
    this.pages = this.client.segmentContactPages(source.segmentId, { limit: PAGE_MAX, signal });
    this.apiMore = true;
    try {
      await this.fill(signal);
    } catch (e) {
      // A deleted segment's contacts are "not found" (its GET still answers): say so, and what to do.
      if (!(e instanceof ApiError && e.kind === 'not-found')) throw e;
      const presence = await segmentPresence(this.client, source.segmentId, { signal });
      if (presence.kind === 'live') throw e;
      throw new ApiError('not-found', segmentGoneText(source.label, presence));
    }
    this.showPage(false);
  }

  /** The file as it is now, refused with its first error; the header gets its reading and unchecked note. */
  private async checkedDraft(source: { docUri: vscode.Uri; label: string }, what: string, subtitle: string): Promise<SegmentFile> {
    const doc = await vscode.workspace.openTextDocument(source.docUri);
    const text = doc.getText();
    const file = parseSegmentFile(text, source.label);
    const account = await this.s.accountData.get(needsOf([file.criteria]));
    const diagnostics = await checkText(this.s.language, text, doc.uri, account);
    const errors = countErrors(diagnostics);
    if (errors.count) throw new ApiError('bad-request', `${source.label}: not ${what}: ${errors.count} error(s) to fix first: ${errors.first}`);
    const reading = await this.s.language.describe(source.docUri);
    const note = this.uncheckedNote(diagnostics);
    this.header = { ...this.header, title: file.name, subtitle, ...(reading ? { reading } : {}) };
    if (note) this.header.note = note;
    else delete this.header.note;
    this.post(this.header);
    return file;
  }

  private async loadDraft(source: Extract<PreviewSource, { kind: 'draft' }>, signal: AbortSignal): Promise<void> {
    const file = await this.checkedDraft(source, 'previewed', `Draft of ${source.label}: the file as it is now, through a temporary segment that is deleted right after (first ${PAGE_MAX} contacts at most)`);
    const page = await this.withDraft(file, async (id) => (await this.client.segmentContactPages(id, { limit: PAGE_MAX, signal }).next()).value as ContactPage | undefined, signal);
    this.buffer = page?.contacts ?? [];
    this.apiMore = !!page?.hasMore;
    this.showPage(false);
  }

  private async loadAudience(source: Extract<PreviewSource, { kind: 'audience' }>, signal: AbortSignal): Promise<void> {
    const where = this.s.connection.current?.label ?? this.s.connection.host();
    const subtitle = `${source.label} as it is now against its deployed segment in "${where}" (the file is read through a temporary segment, deleted right after)`;
    const file = await this.checkedDraft(source, 'compared', subtitle);
    const { limit, maxRequests } = compareAudienceSettings();
    const d = await audienceDiff(this.client, file, {
      signal,
      limit,
      maxRequests,
      signedIn: async () => ({ account: await this.s.connection.accountId({ signal }), api: this.s.connection.host() }),
      ...this.draftCallbacks(),
    });
    if (d.kind === 'refused') {
      this.error = diffRefusalText(source.label, d);
      this.s.log.warn(this.error);
      this.post({ type: 'error', message: this.error });
      return;
    }
    const view: Extract<ToWebview, { type: 'audience' }> = { type: 'audience', summary: diffSummary(source.label, d), entering: sideView(d.entering), leaving: sideView(d.leaving) };
    this.audience = { diff: d, view };
    this.s.log.info(view.summary);
    this.post(view);
  }

  /** What the file's unchecked-source warnings say the sandbox could not evaluate (undefined: nothing). */
  private uncheckedNote(diagnostics: SegmentDiagnostic[]): string | undefined {
    const host = this.s.connection.host();
    let sandbox = this.s.connection.usingSandbox();
    try {
      sandbox ||= isLoopback(new URL(`http://${host}`).hostname);
    } catch {
      /* a host that is not a URL's is no sandbox */
    }
    return uncheckedNote(uncheckedOf(diagnostics), sandbox);
  }

  private withDraft<T>(file: SegmentFile, fn: (segmentId: number) => Promise<T>, signal: AbortSignal): Promise<T> {
    return withDraftSegment(this.client, file, (seg) => fn(seg.segment_id), { signal, ...this.draftCallbacks() });
  }

  /** What is said about the temporary segment a draft is read through. */
  private draftCallbacks() {
    return {
      onCreated: (seg: { segment_id: number }) => this.s.log.info(`${this.source.label}: read through temporary segment ${seg.segment_id} (deleted afterwards).`),
      onLeftover: (id: number, e: unknown) => {
        const m = `Could not delete temporary segment ${id}: ${this.s.log.clean(e instanceof Error ? e.message : String(e))} Delete it by hand (its name starts with "[segment-criteria temporary preview").`;
        this.s.log.error(m);
        void vscode.window.showErrorMessage(m);
      },
    };
  }

  /** Reads API pages until a table page is buffered or the segment ends. */
  private async fill(signal: AbortSignal): Promise<void> {
    const want = previewPageSize();
    while (this.buffer.length < want && this.pages && this.apiMore) {
      if (signal.aborted) return;
      const next = await this.pages.next();
      if (next.done) {
        this.apiMore = false;
        break;
      }
      this.buffer.push(...next.value.contacts);
      this.apiMore = next.value.hasMore;
    }
  }

  private showPage(append: boolean): void {
    const batch = this.buffer.splice(0, previewPageSize());
    this.shown.push(...batch);
    const more = this.buffer.length > 0 || this.apiMore;
    this.post({ type: 'rows', rows: contactRows(append ? batch : this.shown), append, more, total: this.shown.length });
    if (!more) this.exactCount ??= this.shown.length;
    this.record();
  }

  private postRows(append: boolean): void {
    this.post({ type: 'rows', rows: contactRows(this.shown), append, more: this.buffer.length > 0 || this.apiMore, total: this.shown.length });
  }

  /** The CodeLens line of the file: "1,532 contacts, previewed 10:42". */
  private record(): void {
    if (!this.source.docUri) return;
    const exact = this.exactCount !== undefined;
    this.s.results.set(this.source.docUri, { count: this.exactCount ?? this.shown.length, exact, draft: this.source.kind === 'draft', at: new Date() });
  }

  async more(): Promise<void> {
    return this.run('Reading more contacts…', async (signal) => {
      if (this.buffer.length === 0 && this.apiMore && this.source.kind === 'draft') {
        this.post({ type: 'error', message: `A draft preview reads the first ${PAGE_MAX} contacts only. Deploy the file to browse all of them, or count them exactly.` });
        return;
      }
      await this.fill(signal);
      this.showPage(true);
    });
  }

  /** Says what an exact count costs (one export activity: a few requests whatever the size) before counting. */
  async countOffer(): Promise<{ requests: number; text: string }> {
    const offer = countOffer(this.source.kind !== 'deployed');
    this.post({ type: 'count', state: 'offer', text: offer.text });
    return offer;
  }

  /** Counts with one export activity's total (domain/src/count.ts) and shows the exact count. */
  async count(): Promise<number | undefined> {
    await this.run('Counting contacts…', async (signal) => {
      this.post({ type: 'count', state: 'counting' });
      const source = this.source;
      let result: { count: number; requests: number };
      if (source.kind === 'deployed') {
        result = await countSegment(this.client, source.segmentId, { signal });
      } else {
        const doc = await vscode.workspace.openTextDocument(source.docUri);
        result = await countDraft(this.client, parseSegmentFile(doc.getText(), source.label), { signal, ...this.draftCallbacks() });
      }
      this.exactCount = result.count;
      this.countRequests = result.requests;
      this.s.log.info(`${source.label}: ${contacts(result.count)} (exact count, ${requests(result.requests)}).`);
      this.post({ type: 'count', state: 'done', count: result.count, requests: result.requests });
      this.record();
    });
    return this.exactCount;
  }

  /** Asks what to export and where (or takes both from `given`, for automation), then writes the CSV. */
  async exportCsv(given?: { target: vscode.Uri; whole: boolean }): Promise<vscode.Uri | undefined> {
    type Choice = vscode.QuickPickItem & { whole: boolean };
    const choices: Choice[] = [{ label: `The ${this.shown.length} contacts shown`, whole: false }];
    if (this.source.kind === 'deployed') choices.push({ label: 'Every contact of the segment', description: "through the API's bulk export (a few requests)", whole: true });
    const pick = given ?? (choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { title: 'Export contacts as CSV' }));
    if (!pick) return undefined;
    const folder = this.source.docUri && this.source.docUri.scheme === 'file' ? vscode.Uri.joinPath(this.source.docUri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = `${path.basename(this.source.docUri?.path ?? 'segment').replace(/\.segment\.json$/, '')}-contacts.csv`;
    const target = given?.target ?? (await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, base) } : {}), filters: { CSV: ['csv'] }, title: 'Export contacts as CSV' }));
    if (!target) return undefined;
    await this.settled();
    let written: vscode.Uri | undefined;
    await this.run('Exporting…', async (signal) => {
      const csv = pick.whole && this.source.kind === 'deployed' ? (await exportSegmentContacts(this.client, this.source.segmentId, { signal })).csv : contactsToCsv(this.shown);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(csv));
      written = target;
      this.s.log.info(`Exported ${csvRows(csv)} contact(s) to ${target.fsPath}.`);
      void vscode.window.showInformationMessage(`Exported the contacts to ${path.basename(target.path)}.`, 'Open').then((c) => {
        if (c) void vscode.window.showTextDocument(target);
      });
    });
    return written;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    this.onDispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function audienceState(d: AudienceDiff): AudienceState {
  const side = (s: AudienceDiff['entering']) => ({ count: s.count, shown: s.contacts.map((c) => c.email_address) });
  return { basis: d.basis, entering: side(d.entering), leaving: side(d.leaving), requests: d.requests };
}

function shortLabel(label: string): string {
  return path.basename(label).replace(/\.segment\.json$/, '');
}
