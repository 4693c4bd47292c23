/**
 * What the commands of the API side (escape, deploy, pull, preview, ...) use to talk to the terminal,
 * the environment and the API; tests pass their own to run commands in-process.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ClientOptions } from '../../../api/src/client';
import { UsageError } from '../usage';
import { decodeUtf8 } from './readSegmentText';
import { forTerminal } from './terminalText';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  readStdin(): Promise<string>;
  /** Whether a person can answer questions. */
  interactive: boolean;
  ask(question: string): Promise<string>;
  /** Test hooks: client timings (limits, backoff, polling). */
  clientOptions?: Partial<ClientOptions>;
  /** Test hook: replaces the device flow's polling interval. */
  deviceMinIntervalMs?: number;
}

/** The real terminal; everything written to it goes through forTerminal. Files keep the data exact. */
export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(forTerminal(t)),
    err: (t) => process.stderr.write(forTerminal(t)),
    env: process.env,
    cwd: process.cwd(),
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return decodeUtf8(Buffer.concat(chunks), 'stdin');
    },
    interactive: !!process.stdin.isTTY && !!process.stderr.isTTY,
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(forTerminal(question));
      } finally {
        rl.close();
      }
    },
  };
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options shared by every command that talks to the API. */
export const CONNECTION_OPTIONS = {
  'api-base-url': { type: 'string' },
  'oauth-base-url': { type: 'string' },
  'client-id': { type: 'string' },
} as const satisfies Options;

/** node:util parseArgs, with its errors turned into usage messages that name the command. */
export function parse<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.replace(/\. To specify.*$/s, '')}. Run \`segment-criteria --help\` for usage.`);
  }
}
