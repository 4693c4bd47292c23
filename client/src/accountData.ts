/**
 * Account-aware language features: when signed in (and the workspace is trusted), the account's lists,
 * tags, custom fields and campaign activities are fetched through the API module, cached (accountCache.ts)
 * and sent to the language server, which then offers their names in completions and hovers and reports
 * unknown ids as errors. Signed out, the server is told `null` and checks stay offline.
 */
import * as vscode from 'vscode';
import { fetchAccountData, type Needs } from '../../domain/src/accountData';
import type { AccountData } from '../../server/src/language/types';
import { campaignActivities, isFresh, toAccountData, type AccountCacheEntry } from './accountCache';
import type { Connection, SignedIn } from './connection';
import type { LanguageService } from './languageClient';
import { messageOf, type Log } from './log';
import { isTrusted } from './trust';

export class AccountDataService implements vscode.Disposable {
  private key: string | undefined;
  private data: AccountData | undefined;
  private loading: Promise<AccountData | undefined> | undefined;
  /** Resolves once lists, tags and custom fields are in (before campaign activities). */
  private baseLoaded: Promise<AccountData | undefined> = Promise.resolve(undefined);
  private readonly changed = new vscode.EventEmitter<AccountData | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly language: LanguageService,
    private readonly state: vscode.Memento,
    private readonly log: Log,
    private readonly onError: (e: unknown) => void,
  ) {
    this.subscriptions.push(
      this.changed,
      connection.onDidChange((s) => this.follow(s)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.follow(connection.current)),
    );
  }

  /** Whether account data is in use (sent to the language server). */
  get loaded(): boolean {
    return !!this.data;
  }

  /** Starts following the sign-in (call once the language server is wanted). */
  start(): void {
    this.follow(this.connection.current);
  }

  private cacheKey(s: SignedIn): string {
    return `segmentCriteria.accountData/${s.host}/${s.login.account_id ?? ''}`;
  }

  private follow(s: SignedIn | undefined): void {
    const key = s && isTrusted() ? this.cacheKey(s) : undefined;
    if (key === this.key) return;
    this.key = key;
    this.data = undefined;
    this.loading = undefined;
    if (!key) {
      this.publish(undefined);
      return;
    }
    const cached = this.state.get<AccountCacheEntry>(key);
    if (cached) this.publish(toAccountData(cached));
    if (!isFresh(cached)) {
      void this.load(false).catch((e: unknown) => {
        // A load that the user's own sign-out or switch made moot is not worth a message.
        if (this.key === key) this.onError(e);
      });
    }
  }

  private publish(data: AccountData | undefined): void {
    this.data = data;
    void this.language.sendAccountData(data ?? null).catch((e: unknown) => this.log.warn(`Could not send account data to the language server: ${messageOf(e)}`));
    this.changed.fire(data);
  }

  /**
   * The account data, fetching it first if there is none yet; undefined when signed out or untrusted.
   * Campaign activities cost a request per campaign: they are waited for only when `needs` says so.
   */
  async get(needs: Pick<Needs, 'campaignActivities'> = { campaignActivities: true }): Promise<AccountData | undefined> {
    if (!this.key) return undefined;
    if (this.data && (!needs.campaignActivities || this.data.campaignActivities)) return this.data;
    if (!this.loading) void this.load(false).catch(() => undefined);
    return needs.campaignActivities ? this.loading : this.baseLoaded;
  }

  /**
   * Fetches again (everything with `force`; else campaigns whose details changed), in two steps: lists, tags
   * and custom fields are published first (a few requests), campaign activities after. One load at a time.
   */
  load(force: boolean): Promise<AccountData | undefined> {
    if (this.loading) return this.loading;
    const key = this.key;
    const signedIn = this.connection.current;
    if (!key || !signedIn) return Promise.resolve(undefined);
    let baseDone!: (d: AccountData | undefined) => void;
    const base = new Promise<AccountData | undefined>((resolve) => (baseDone = resolve));
    const p = vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Segment Criteria: reading lists, tags, fields and campaigns' }, async () => {
      try {
        const client = this.connection.client();
        const previous = force ? undefined : this.state.get<AccountCacheEntry>(key);
        const started = Date.now();
        const fetched0 = await fetchAccountData(client, { lists: true, tags: true, customFields: true, campaignActivities: false });
        const lists = fetched0.lists ?? [];
        const tags = fetched0.tags ?? [];
        const customFields = fetched0.customFields ?? [];
        if (this.key !== key) return undefined; // signed out or switched meanwhile
        // Known campaign activities (from the cache) stay; none known means none are checked yet.
        const first: AccountData = { lists, tags, customFields, ...(previous ? { campaignActivities: toAccountData(previous).campaignActivities ?? [] } : {}) };
        this.publish(first);
        baseDone(first);
        const { campaigns, fetched } = await campaignActivities({ campaigns: () => client.campaigns(), campaign: (id) => client.campaign(id) }, previous?.campaigns);
        const entry: AccountCacheEntry = { fetchedAt: Date.now(), lists, tags, customFields, campaigns };
        if (this.key !== key) return undefined;
        await this.state.update(key, entry);
        const data = toAccountData(entry);
        this.log.info(
          `Account data for "${signedIn.label}": ${lists.length} lists, ${tags.length} tags, ${customFields.length} custom fields, ${data.campaignActivities?.length ?? 0} campaign activities (${fetched} campaign(s) read, ${Date.now() - started} ms).`,
        );
        this.publish(data);
        return data;
      } finally {
        baseDone(undefined);
      }
    });
    const wrapped: Promise<AccountData | undefined> = Promise.resolve(p).finally(() => {
      if (this.loading === wrapped) this.loading = undefined;
    });
    this.loading = wrapped;
    this.baseLoaded = base.then((d) => d ?? wrapped);
    return wrapped;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
