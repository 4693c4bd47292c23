/**
 * CodeLens above a segment file's criteria: "Deploy", "Preview" (or "Preview Draft" before the first
 * deploy), the last preview's result ("1,532 contacts, previewed 10:42"), and a note when the file
 * differs from the version last deployed or pulled (from its `sync.hash`, without asking the API).
 */
import * as vscode from 'vscode';
import type { Connection } from './connection';
import type { PreviewResults } from './preview/results';
import { describeSummary } from './preview/summary';
import { criteriaOffset, readSegmentText, syncStatus } from './segmentDocument';
import { codeLensEnabled } from './settings';
import { isTrusted } from './trust';

export class SegmentCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly results: PreviewResults,
    connection: Connection,
  ) {
    const refresh = () => this.changed.fire();
    this.subscriptions = [
      this.changed,
      results.onDidChange(refresh),
      connection.onDidChange(refresh),
      vscode.workspace.onDidGrantWorkspaceTrust(refresh),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('segmentCriteria.codeLens')) refresh();
      }),
    ];
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!codeLensEnabled(doc.uri)) return [];
    const text = doc.getText();
    const offset = criteriaOffset(text);
    if (offset === undefined) return [];
    const range = new vscode.Range(doc.positionAt(offset), doc.positionAt(offset));
    if (!isTrusted()) {
      return [new vscode.CodeLens(range, { title: '$(shield) Restricted Mode: deploy and preview need a trusted workspace', command: 'workbench.trust.manage' })];
    }
    const file = readSegmentText(text, doc.uri.toString()).file;
    const args = [doc.uri];
    const lenses = [new vscode.CodeLens(range, { title: '$(cloud-upload) Deploy', tooltip: 'Create or update the segment in Constant Contact', command: 'segmentCriteria.deploy', arguments: args })];
    const deployed = file?.segmentId !== undefined;
    lenses.push(
      deployed
        ? new vscode.CodeLens(range, { title: '$(eye) Preview', tooltip: "The deployed segment's contacts", command: 'segmentCriteria.preview', arguments: args })
        : new vscode.CodeLens(range, { title: '$(eye) Preview Draft', tooltip: 'The contacts the file selects, through a temporary segment', command: 'segmentCriteria.previewDraft', arguments: args }),
    );
    const last = this.results.get(doc.uri);
    if (last) {
      lenses.push(new vscode.CodeLens(range, { title: describeSummary(last), tooltip: 'Open the preview again', command: last.draft ? 'segmentCriteria.previewDraft' : 'segmentCriteria.preview', arguments: args }));
    }
    if (file && syncStatus(file) === 'local-edits') {
      lenses.push(new vscode.CodeLens(range, { title: '$(diff) Differs from the deployed version', tooltip: 'Edited since the last deploy or pull: compare with the segment in the account', command: 'segmentCriteria.compareWithDeployed', arguments: args }));
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
