/**
 * "Use Local Sandbox": the project's local Constant Contact–compatible API (sandbox/src), started in the
 * extension host on 127.0.0.1 with a free port and sample data, for this window only. The extension is
 * pointed at it without touching the user's settings; its OAuth endpoints approve device codes by
 * themselves, so signing in to it needs no browser. It stops with the window (or "Stop Local Sandbox").
 *
 * The sandbox is a bundle of its own (dist/sandbox.js), loaded only when a window asks for it: the
 * extension's start-up never pays for it.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { Sandbox } from '../../sandbox/src/server';
import type { Log } from './log';

type SandboxModule = typeof import('../../sandbox/src/server');

/** dist/sandbox.js, beside this bundle (dist/client.js); a require esbuild leaves alone. */
function loadSandbox(): SandboxModule {
  return createRequire(__filename)(join(__dirname, 'sandbox.js')) as SandboxModule;
}

export interface SandboxEndpoints {
  apiBaseUrl: string;
  oauthBaseUrl: string;
  /** Whether this window started it (and so stops it). */
  own: boolean;
}

export class LocalSandbox implements vscode.Disposable {
  private running: Sandbox | undefined;
  private starting: Promise<SandboxEndpoints> | undefined;

  constructor(private readonly log: Log) {}

  get endpoints(): SandboxEndpoints | undefined {
    return this.running ? { apiBaseUrl: this.running.baseUrl, oauthBaseUrl: this.running.oauthBaseUrl, own: true } : undefined;
  }

  /** Starts the sandbox once; later calls return the running one. */
  start(): Promise<SandboxEndpoints> {
    if (this.running) return Promise.resolve(this.endpoints!);
    this.starting ??= loadSandbox().startSandbox({
      port: 0,
      // Device codes are approved after the first poll: a short interval makes sign-in take a second.
      oauth: { deviceIntervalSec: 1 },
      log: (line) => this.log.trace(`sandbox: ${line}`),
    })
      .then((sb) => {
        this.running = sb;
        this.log.info(`Local sandbox started at ${sb.baseUrl} (sample account "${sb.state.data.account.organization_name}"); it stops with this window.`);
        return { apiBaseUrl: sb.baseUrl, oauthBaseUrl: sb.oauthBaseUrl, own: true };
      })
      .finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    const sb = this.running;
    this.running = undefined;
    if (sb) {
      await sb.close();
      this.log.info('Local sandbox stopped.');
    }
  }

  dispose(): void {
    void this.stop();
  }
}
