/**
 * The check before a file leaves the machine, as the CLI's: the language service's errors (with the
 * account's lists, tags, fields and campaigns when signed in, and the user's severity and strict settings,
 * so it agrees with the Problems panel). A file with errors is not sent.
 */
import * as vscode from 'vscode';
import { validate } from '../../../server/src/language/service';
import type { AccountData } from '../../../server/src/language/types';
import { severityOverrides, strictChecking } from '../settings';
import { reportRefusal, type Reporter } from './report';

export function errorCount(text: string, uri: vscode.Uri, account?: AccountData): { count: number; first?: string } {
  const errors = validate(text, { severity: severityOverrides(uri), strict: strictChecking(uri), ...(account ? { account } : {}) }).filter((d) => d.severity === 'error');
  const first = errors[0];
  return { count: errors.length, ...(first ? { first: `line ${first.range.start.line + 1}: ${first.message}` } : {}) };
}

/** False (after telling the user) when the document has errors. */
export function refuseErrors(r: Reporter, text: string, uri: vscode.Uri, what: string, name: string, account?: AccountData): boolean {
  const { count, first } = errorCount(text, uri, account);
  if (count === 0) return false;
  const withAccount = account ? " (checked with the account's lists, tags, fields and campaigns)" : '';
  reportRefusal(r, `${name}: not ${what}: ${count} error${count === 1 ? '' : 's'} to fix first${withAccount}: ${first}${count > 1 ? ' …' : ''}`, {
    'Show Problems': () => vscode.commands.executeCommand('workbench.actions.view.problems'),
  });
  return true;
}
