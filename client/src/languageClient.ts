/**
 * The language server (dist/server.js) and the custom messages the extension uses (server/src/protocol.ts):
 * the signed-in account's data, a document's plain-English reading, and the check before a file leaves the
 * machine. The extension has no checker of its own: the server is the one truth about a file's problems.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { AccountData, SegmentDiagnostic } from '../../server/src/language/types';
import { accountDataNotification, checkRequest, describeRequest, type CheckParams } from '../../server/src/protocol';

export const LANGUAGE_ID = 'segment-json';

export class LanguageService implements vscode.Disposable {
  readonly client: LanguageClient;
  private started: Promise<void>;
  /** Milliseconds from `since` (the extension's activation) to a started language client, once it has started. */
  readonly startedIn: Promise<number>;
  private accountData: AccountData | null = null;
  private readonly subscription: vscode.Disposable;

  /** `since`: when activation began (performance.now()), to time activation → a ready client. */
  constructor(context: vscode.ExtensionContext, since = performance.now()) {
    const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: LANGUAGE_ID },
        { scheme: 'file', pattern: '**/*.segment.json' },
        { scheme: 'untitled', language: LANGUAGE_ID },
      ],
      synchronize: { configurationSection: 'segmentCriteria' },
      diagnosticCollectionName: 'segment-criteria',
    };
    this.client = new LanguageClient('segmentCriteria', 'Segment Criteria', serverOptions, clientOptions);
    this.started = this.client.start();
    this.startedIn = this.started.then(() => performance.now() - since);
    this.startedIn.catch(() => undefined); // a failed start is reported through `started`
    // A restarted server starts without account data: send it again.
    this.subscription = this.client.onDidChangeState((e) => {
      if (e.newState === State.Running && this.accountData) void this.client.sendNotification(accountDataNotification, this.accountData);
    });
  }

  ready(): Promise<void> {
    return this.started;
  }

  /** Turns on (data) or off (null) the account-aware completions, hovers and unknown-id errors. */
  async sendAccountData(data: AccountData | null): Promise<void> {
    this.accountData = data;
    await this.started;
    await this.client.sendNotification(accountDataNotification, data);
  }

  /** The plain-English reading of an open document's criteria, or undefined. */
  async describe(uri: vscode.Uri): Promise<string | undefined> {
    try {
      await this.started;
      return (await this.client.sendRequest(describeRequest, { uri: uri.toString() })) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Every diagnostic of a text, from the server's checker; throws when the server cannot answer. */
  async check(params: CheckParams): Promise<SegmentDiagnostic[]> {
    await this.started;
    return this.client.sendRequest(checkRequest, params);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  stop(): Promise<void> {
    return this.client.stop();
  }
}
