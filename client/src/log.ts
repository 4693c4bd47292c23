/**
 * The extension's log: a LogOutputChannel ("Segment Criteria" in the Output panel). Every line passes
 * through `redact` with the tokens currently known, so no access or refresh token is ever written.
 */
import * as vscode from 'vscode';
import { redact } from '../../api/src/errors';

export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private secrets: () => Iterable<string | undefined> = () => [];

  constructor(name = 'Segment Criteria') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Where the tokens to hide come from (the token vault's current values). */
  setSecrets(source: () => Iterable<string | undefined>): void {
    this.secrets = source;
  }

  clean(text: string): string {
    return redact(text, this.secrets());
  }

  info(text: string): void {
    this.channel.info(this.clean(text));
  }

  warn(text: string): void {
    this.channel.warn(this.clean(text));
  }

  error(text: string): void {
    this.channel.error(this.clean(text));
  }

  trace(text: string): void {
    this.channel.trace(this.clean(text));
  }

  /** Multi-line text (a diff) as one entry. */
  block(title: string, text: string): void {
    this.channel.info(this.clean(`${title}\n${text.replace(/\n$/, '')}`));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** The message of anything thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
