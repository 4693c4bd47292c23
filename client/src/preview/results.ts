/** The last preview of each file (for the CodeLens above its criteria), for this window's lifetime. */
import * as vscode from 'vscode';
import type { PreviewSummary } from './summary';

export class PreviewResults implements vscode.Disposable {
  private readonly byUri = new Map<string, PreviewSummary>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri): PreviewSummary | undefined {
    return this.byUri.get(uri.toString());
  }

  set(uri: vscode.Uri, summary: PreviewSummary): void {
    this.byUri.set(uri.toString(), summary);
    this.changed.fire(uri);
  }

  clear(): void {
    this.byUri.clear();
    this.changed.fire(vscode.Uri.parse('segment-criteria:all'));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
