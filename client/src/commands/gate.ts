/**
 * The check before a file leaves the machine, as the CLI's: the language server's errors (with the
 * account's lists, tags, fields and campaigns when signed in, and the user's severity and strict settings,
 * so it agrees with the Problems panel). A file with errors is not sent; nor is one the server could not
 * check, because it is down or because the file is too large or nested too deep to check (sendable.ts).
 */
import * as vscode from 'vscode';
import { blocking } from '../../../server/src/language/sendable';
import type { AccountData, SegmentDiagnostic } from '../../../server/src/language/types';
import type { LanguageService } from '../languageClient';
import { messageOf } from '../log';
import { severityOverrides, strictChecking } from '../settings';
import { reportRefusal, type Reporter } from './report';

/** The server's diagnostics of `text`, with the settings of the document at `uri`. */
export function checkText(language: LanguageService, text: string, uri: vscode.Uri, account?: AccountData): Promise<SegmentDiagnostic[]> {
  return language.check({ text, severity: severityOverrides(uri), strict: strictChecking(uri), ...(account ? { account } : {}) });
}

export interface ErrorCount {
  count: number;
  first?: string;
}

/** How many diagnostics keep the file from being sent (its errors, or that it could not be checked), and the first in words. */
export function countErrors(diagnostics: SegmentDiagnostic[]): ErrorCount {
  const errors = blocking(diagnostics);
  const first = errors[0];
  return { count: errors.length, ...(first ? { first: `line ${first.range.start.line + 1}: ${first.message}` } : {}) };
}

export async function errorCount(language: LanguageService, text: string, uri: vscode.Uri, account?: AccountData): Promise<ErrorCount> {
  return countErrors(await checkText(language, text, uri, account));
}

/** True (after telling the user) when the document has errors, or when it could not be checked. */
export async function refuseErrors(r: Reporter & { language: LanguageService }, text: string, uri: vscode.Uri, what: string, name: string, account?: AccountData): Promise<boolean> {
  let found: ErrorCount;
  try {
    found = await errorCount(r.language, text, uri, account);
  } catch (e) {
    reportRefusal(r, `${name}: not ${what}: the Segment Criteria language server could not check it (${messageOf(e)}). Reload the window to restart it; see the "Segment Criteria" output for why it stopped.`);
    return true;
  }
  const { count, first } = found;
  if (count === 0) return false;
  const withAccount = account ? " (checked with the account's lists, tags, fields and campaigns)" : '';
  reportRefusal(r, `${name}: not ${what}: ${count} error${count === 1 ? '' : 's'} to fix first${withAccount}: ${first}${count > 1 ? ' …' : ''}`, {
    'Show Problems': () => vscode.commands.executeCommand('workbench.actions.view.problems'),
  });
  return true;
}
