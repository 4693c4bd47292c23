/**
 * Where the extension signs in and which API it talks to. These settings are declared with
 * `"scope": "application"`, so VS Code ignores them in workspace and folder settings; and they are read here
 * from the user's own settings only (inspect().globalValue), so a workspace can never send a token to
 * another host, whatever it contains.
 */
import * as vscode from 'vscode';
import { DEFAULT_API_BASE_URL } from '../../api/src/client';
import { CC_OAUTH_BASE_URL } from '../../api/src/auth/oauth';

export const SECTION = 'segmentCriteria';

function userValue<T>(key: string): T | undefined {
  const i = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue;
}

export interface Endpoints {
  apiBaseUrl: string;
  oauthBaseUrl: string;
  /** The user's Constant Contact application (set up for the device flow); empty until they set it. */
  clientId: string;
}

export function accountEndpoints(): Endpoints {
  return {
    apiBaseUrl: (userValue<string>('api.baseUrl') || DEFAULT_API_BASE_URL).trim(),
    oauthBaseUrl: (userValue<string>('oauth.baseUrl') || CC_OAUTH_BASE_URL).trim(),
    clientId: (userValue<string>('oauth.clientId') ?? '').trim(),
  };
}

export type OAuthFlow = 'device' | 'authorizationCode';

/** How to sign in: the device flow (default) or, for applications set up for it, authorization code + PKCE. */
export function oauthFlow(): OAuthFlow {
  return userValue<string>('oauth.flow') === 'authorizationCode' ? 'authorizationCode' : 'device';
}

/** Whether a configuration change touches the endpoints. */
export function affectsEndpoints(e: vscode.ConfigurationChangeEvent): boolean {
  return ['api.baseUrl', 'oauth.baseUrl', 'oauth.clientId'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

/** Resource-scoped settings that do not touch where tokens go. */
export function codeLensEnabled(uri?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(SECTION, uri).get<boolean>('codeLens.enabled', true);
}

export function previewPageSize(): number {
  const n = vscode.workspace.getConfiguration(SECTION).get<number>('preview.pageSize', 50);
  return Math.min(500, Math.max(1, Math.floor(Number.isFinite(n) ? n : 50)));
}

export function severityOverrides(uri?: vscode.Uri): Record<string, 'error' | 'warning' | 'info' | 'hint' | 'off'> {
  return vscode.workspace.getConfiguration(SECTION, uri).get('diagnostics.severity', {});
}

/** `segmentCriteria.strict`: criteria this product does not check (unknown sources) are errors. */
export function strictChecking(uri?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(SECTION, uri).get<boolean>('strict', false) === true;
}

export function openUserSetting(key: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `@id:${SECTION}.${key}`);
}

/** "Compare Audience with Deployed": contacts listed per side, and the most requests it may spend. */
export function compareAudienceSettings(): { limit: number; maxRequests: number } {
  const c = vscode.workspace.getConfiguration(SECTION);
  const whole = (v: unknown, fallback: number, min: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(min, Math.floor(v)) : fallback);
  return { limit: Math.min(500, whole(c.get('compareAudience.contacts'), 20, 0)), maxRequests: whole(c.get('compareAudience.maxRequests'), 50, 1) };
}

/**
 * `segmentCriteria.deploy.maxAudienceChange` (percent; unset: off). A safety limit: the lowest value set in
 * user, workspace or folder settings applies, so a workspace can tighten the user's limit but never
 * loosen or remove it.
 */
export function maxAudienceChange(uri?: vscode.Uri): number | undefined {
  const i = vscode.workspace.getConfiguration(SECTION, uri).inspect<unknown>('deploy.maxAudienceChange');
  const set = [i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue].filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0);
  return set.length ? Math.min(...set) : undefined;
}
