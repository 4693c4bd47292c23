/** The status bar item: the account signed in to, "Sandbox", or a sign-in prompt; clicking it offers the account actions. */
import * as vscode from 'vscode';
import type { Connection } from './connection';

export class AccountStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly connection: Connection) {
    this.item = vscode.window.createStatusBarItem('segmentCriteria.account', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Segment Criteria account';
    this.item.command = 'segmentCriteria.accountMenu';
    this.subscriptions = [connection.onDidChange(() => this.update()), vscode.workspace.onDidGrantWorkspaceTrust(() => this.update())];
    this.update();
    this.item.show();
  }

  /** The text shown, for tests. */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    const s = this.connection.current;
    const sandbox = this.connection.usingSandbox();
    if (s) {
      this.item.text = sandbox ? `$(beaker) Sandbox: ${s.label}` : `$(account) ${s.label}`;
      this.item.tooltip = `Segment Criteria: signed in to ${sandbox ? 'the local sandbox' : s.host} as "${s.label}". Click for account actions.`;
    } else {
      this.item.text = sandbox ? '$(beaker) Sandbox (signed out)' : '$(sign-in) Constant Contact';
      this.item.tooltip = vscode.workspace.isTrusted
        ? `Segment Criteria: not signed in${sandbox ? ' to the local sandbox' : ''}. Click to sign in.`
        : 'Segment Criteria: Restricted Mode (untrusted workspace): files are checked offline; signing in is disabled.';
    }
    this.item.accessibilityInformation = { label: this.item.tooltip as string };
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.item.dispose();
  }
}

/** What clicking the status bar item offers. */
export async function accountMenu(connection: Connection): Promise<void> {
  const s = connection.current;
  const sandbox = connection.usingSandbox();
  const items: (vscode.QuickPickItem & { command: string; args?: unknown[] })[] = [];
  if (s) items.push({ label: '$(sign-out) Sign Out', description: s.label, command: 'segmentCriteria.signOut' });
  else items.push({ label: '$(sign-in) Sign In', description: sandbox ? 'to the local sandbox' : 'to Constant Contact', command: 'segmentCriteria.signIn' });
  if (s) items.push({ label: '$(refresh) Refresh Account Data', description: 'lists, tags, custom fields, campaigns', command: 'segmentCriteria.refreshAccountData' });
  if (connection.sandboxOverride()) items.push({ label: '$(debug-stop) Stop Local Sandbox', command: 'segmentCriteria.stopSandbox' });
  else if (!sandbox) items.push({ label: '$(beaker) Use Local Sandbox', description: 'sample data, this window only', command: 'segmentCriteria.useSandbox' });
  items.push({ label: '$(output) Show Log', command: 'segmentCriteria.showLog' });
  const pick = await vscode.window.showQuickPick(items, { title: 'Segment Criteria' });
  if (pick) await vscode.commands.executeCommand(pick.command, ...(pick.args ?? []));
}
