// A fresh, throw-away code-server profile (user data + extensions) and a copy of a workspace, so a run never
// depends on or changes the user's own VS Code state or the committed files (deploy writes into files).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeServerProfile } from './server';

/** Settings that keep the workbench quiet and deterministic: no trust prompt, no welcome page, no updates. */
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'files.autoSave': 'off',
  'editor.quickSuggestionsDelay': 10,
  // The try-out copy lives inside this repository's git-ignored cache: no "open the parent repository?" prompt.
  'git.openRepositoryInParentFolders': 'never',
};

export interface Profile extends CodeServerProfile {
  root: string;
  workspace: string;
  dispose(): void;
}

export interface ProfileOptions {
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Folder to make the sandbox in; the system temp folder by default. */
  parent?: string;
  /** Name of the workspace copy (what the Explorer shows); "workspace" by default. */
  workspaceName?: string;
  /**
   * Workspace Trust. `off` (the default): trust is disabled, every folder is trusted, no prompt.
   * `untrusted`: trust is enabled and the workspace, never trusted in this fresh profile, opens in
   * Restricted Mode, without the startup prompt (nothing to click before a test can look).
   */
  trust?: 'off' | 'untrusted';
}

/** Workspace Trust on, with no prompt: a folder this fresh profile never trusted opens in Restricted Mode. */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.emptyWindow': false,
};

/** Makes a temp folder holding a profile and a copy of `workspaceSource`. */
export function createProfile(prefix: string, workspaceSource: string, options: ProfileOptions = {}): Profile {
  const parent = options.parent ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, `${prefix}-`));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = join(root, options.workspaceName ?? 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...(options.trust === 'untrusted' ? UNTRUSTED_SETTINGS : {}), ...options.settings }, null, 2));
  cpSync(workspaceSource, workspace, { recursive: true });
  return { root, userDataDir, extensionsDir, workspace, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
