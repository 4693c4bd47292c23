/**
 * Read-only documents holding a remote segment as a readable file (rendered like pull writes it), for
 * the diff of remote and local that deploy opens on a remote edit.
 */
import * as vscode from 'vscode';

export const REMOTE_SCHEME = 'segment-criteria-remote';

export class RemoteDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, this);
  }

  /** A new read-only document with `text`, named like a segment file so it is highlighted as one. */
  add(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REMOTE_SCHEME, path: `/${name.replace(/[\\/]/g, '-')}.segment.json`, query: String(++this.counter) });
    this.contents.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
