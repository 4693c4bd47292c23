/** Sign In, Sign Out, Use Local Sandbox, Stop Local Sandbox, Refresh Account Data. */
import * as vscode from 'vscode';
import { signIn } from '../auth/signIn';
import { checkSandboxUrl, SANDBOX_CLIENT_ID, type SignedIn } from '../connection';
import type { LocalSandbox } from '../sandbox';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { notify, reportError, reportRefusal, reportSuccess, withNetwork } from './report';

/** Signs in to the current target, unless already signed in there. */
export async function signInCommand(s: Services): Promise<SignedIn | undefined> {
  if (!requireTrust('Signing in')) return undefined;
  await s.connection.reload();
  const current = s.connection.current;
  if (current) {
    notify('info', `Already signed in to ${current.target.kind === 'sandbox' ? 'the local sandbox' : current.host} as "${current.label}".`, {
      'Sign Out': () => vscode.commands.executeCommand('segmentCriteria.signOut'),
    });
    return current;
  }
  return signIn(s.connection, s.log);
}

export async function signOutCommand(s: Services): Promise<boolean> {
  const before = await s.connection.signOut();
  if (!before) {
    notify('info', `Not signed in to ${s.connection.usingSandbox() ? 'the local sandbox' : s.connection.host()}.`);
    return false;
  }
  s.log.info(`Signed out of ${before.host}; its tokens were removed from VS Code's secret storage.`);
  notify('info', `Signed out of ${before.target.kind === 'sandbox' ? 'the local sandbox' : before.host} ("${before.label}").`);
  return true;
}

export interface UseSandboxOptions {
  /** A sandbox already running on this machine (e.g. `segment-criteria sandbox`), instead of starting one. */
  apiBaseUrl?: string;
  /** Sign in to it right away. */
  signIn?: boolean;
}

export async function useSandboxCommand(s: Services, sandbox: LocalSandbox, arg: unknown): Promise<SignedIn | undefined> {
  if (!requireTrust('Using the local sandbox')) return undefined;
  const opts: UseSandboxOptions = arg && typeof arg === 'object' && !Array.isArray(arg) ? (arg as UseSandboxOptions) : {};
  let apiBaseUrl: string;
  let oauthBaseUrl: string;
  if (opts.apiBaseUrl) {
    const problem = checkSandboxUrl(opts.apiBaseUrl);
    if (problem) {
      reportRefusal(s, `Use Local Sandbox: ${problem}`);
      return undefined;
    }
    apiBaseUrl = opts.apiBaseUrl.replace(/\/+$/, '');
    oauthBaseUrl = `${new URL(apiBaseUrl).origin}/oauth2/default/v1`;
  } else {
    try {
      ({ apiBaseUrl, oauthBaseUrl } = await withNetwork('Starting the local sandbox', () => sandbox.start()));
    } catch (e) {
      await reportError(s, 'Use Local Sandbox', e);
      return undefined;
    }
  }
  await s.connection.setSandbox({ kind: 'sandbox', apiBaseUrl, oauthBaseUrl, clientId: SANDBOX_CLIENT_ID });
  s.log.info(`This window now uses the sandbox at ${apiBaseUrl}; your settings are unchanged. "Stop Local Sandbox" switches back.`);
  if (opts.signIn) return s.connection.current ?? (await signIn(s.connection, s.log));
  if (!s.connection.current) {
    notify('info', `Using the local sandbox at ${apiBaseUrl} (sample data) in this window; your settings are unchanged. Sign in to it to deploy and preview.`, {
      'Sign In': () => vscode.commands.executeCommand('segmentCriteria.signIn'),
    });
  } else {
    notify('info', `Using the local sandbox at ${apiBaseUrl} as "${s.connection.current.label}".`);
  }
  return s.connection.current;
}

export async function stopSandboxCommand(s: Services, sandbox: LocalSandbox): Promise<void> {
  if (!s.connection.sandboxOverride() && !sandbox.endpoints) {
    if (s.connection.usingSandbox()) {
      notify('info', `This window uses the sandbox at ${s.connection.target().apiBaseUrl} that your settings name (Segment Criteria › API: Base Url); change those settings to stop using it.`);
      return;
    }
    notify('info', 'The local sandbox is not in use.');
    return;
  }
  const wasHost = s.connection.sandboxOverride() ? s.connection.host() : undefined;
  await s.connection.setSandbox(undefined);
  // The sandbox's tokens are worthless once it stops: forget them.
  if (wasHost && sandbox.endpoints && new URL(sandbox.endpoints.apiBaseUrl).host === wasHost) await s.connection.vault.remove(wasHost);
  await sandbox.stop();
  reportSuccess(s, 'Stopped using the local sandbox; back to your Constant Contact settings.');
}

export async function refreshAccountDataCommand(s: Services): Promise<void> {
  if (!requireTrust('Reading account data')) return;
  if (!s.connection.current) {
    notify('info', 'Sign in to get completions with your lists, tags, fields and campaigns.', { 'Sign In': () => vscode.commands.executeCommand('segmentCriteria.signIn') });
    return;
  }
  try {
    const data = await s.accountData.load(true);
    if (data) reportSuccess(s, `Account data refreshed: ${data.lists?.length ?? 0} lists, ${data.tags?.length ?? 0} tags, ${data.customFields?.length ?? 0} custom fields, ${data.campaignActivities?.length ?? 0} campaign activities.`);
  } catch (e) {
    await reportError(s, 'Refresh account data', e);
  }
}
