/** What the commands, views and providers share; built once in extension.ts. */
import type * as vscode from 'vscode';
import type { AccountDataService } from './accountData';
import type { Ask, AskName, AskPick } from './commands/choices';
import type { Connection } from './connection';
import type { LanguageService } from './languageClient';
import type { Log } from './log';
import type { PreviewResults } from './preview/results';
import type { RemoteDocuments } from './remoteDocuments';

export interface Services {
  context: vscode.ExtensionContext;
  log: Log;
  connection: Connection;
  accountData: AccountDataService;
  language: LanguageService;
  remote: RemoteDocuments;
  results: PreviewResults;
  /** Fired after deploy, rename, delete: the segments view reloads. */
  segmentsChanged: vscode.EventEmitter<void>;
  /** What the command run is about, set by `about` (commands/report.ts): its failures stay until its next success. */
  subject?: string;
}

/** Options a command accepts when run from code (tests, other extensions) instead of asking. */
export interface CommandOptions {
  /** Confirms a delete or a replacement without asking. */
  yes?: boolean;
  /** The new name for rename. */
  name?: string;
  /** How rename and freeze ask for a name, instead of the input box (tests answer here, and see what the box shows). */
  askName?: AskName;
  /** What deploy does on a remote edit, instead of asking. */
  onRemoteEdit?: 'overwrite' | 'pull' | 'cancel';
  /** How attach, freeze and delete ask their modal questions (tests answer here, and see what was asked). */
  ask?: Ask;
  /** How attach and freeze pick a campaign or a list, instead of the quick pick. */
  pick?: AskPick;
  /** How deploy asks about an audience change above segmentCriteria.deploy.maxAudienceChange (true: deploy). */
  askAudienceChange?: (question: string) => PromiseLike<boolean>;
}

/** The options object among a command's arguments (menus pass a Uri and a Uri array instead). */
export function commandOptions(...args: unknown[]): CommandOptions {
  for (const a of args) {
    if (a && typeof a === 'object' && !Array.isArray(a) && !('scheme' in a) && !('segmentId' in a)) return a as CommandOptions;
  }
  return {};
}
