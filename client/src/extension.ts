/**
 * The extension: wires VS Code to the language server. Everything the language knows lives in the server;
 * this file only starts it and hands it settings.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'segment-json' },
      { scheme: 'file', pattern: '**/*.segment.json' },
      { scheme: 'untitled', language: 'segment-json' },
    ],
    synchronize: { configurationSection: 'segmentCriteria' },
    diagnosticCollectionName: 'segment-criteria',
  };
  client = new LanguageClient('segmentCriteria', 'Segment Criteria', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
