/**
 * "Use Local Sandbox": the project's local Constant Contact–compatible API (sandbox/src), started in the
 * extension host on 127.0.0.1 with a free port and sample data, for this window only. The extension is
 * pointed at it without touching the user's settings; its OAuth endpoints approve device codes by
 * themselves, so signing in to it needs no browser. It stops with the window (or "Stop Local Sandbox").
 */
import * as vscode from 'vscode';
import { startSandbox, type Sandbox } from '../../sandbox/src/server';
import type { Log } from './log';

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
    this.starting ??= startSandbox({
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
