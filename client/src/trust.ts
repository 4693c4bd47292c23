/**
 * Workspace Trust: in Restricted Mode the language features (validation, completions, hovers, quick fixes)
 * still work offline, but nothing signs in, talks to the API or writes what the API returns. Menus hide
 * those commands with `isWorkspaceTrusted`; this is the run-time check behind them, with the explanation.
 */
import * as vscode from 'vscode';

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** True when trusted; otherwise explains why `action` is unavailable and offers to manage trust. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `${action} is disabled in Restricted Mode: this workspace is not trusted. Segment files are still checked offline; signing in, deploying, pulling and previewing need a trusted workspace.`,
      'Manage Workspace Trust',
    )
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
