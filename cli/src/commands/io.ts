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
  /**
   * Data asked for on stdout (`preview --csv -`): exact bytes into a pipe or a file, with control
   * characters made visible only on a terminal.
   */
  data(text: string): void;
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
    data: (t) => process.stdout.write(process.stdout.isTTY ? forTerminal(t) : t),
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

/**
 * node:util parseArgs, with our own words for what it refuses, naming the command. A value that starts
 * with a dash is taken when it is a number (`--limit -1`, which the command then refuses in its own
 * words) or `-` (stdin or stdout); anything else that starts with a dash is taken for a forgotten value.
 */
export function parse<O extends Options>(command: string, argv: string[], options: O) {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const usage = (what: string) => new UsageError(`${command}: ${what} Run \`segment-criteria ${command} --help\` for its options.`);
  const negatives: { index: number; joined: string }[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const option = Object.hasOwn(options, t.name) ? options[t.name] : undefined;
    if (!option) throw usage(`unknown option ${t.rawName}.`);
    if (option.type === 'boolean') {
      if (t.value !== undefined) throw usage(`--${t.name} takes no value (got "${t.value}").`);
      continue;
    }
    if (t.value === undefined) throw usage(`--${t.name} needs a value.`);
    if (!t.inlineValue && t.value.startsWith('-') && t.value !== '-') {
      if (!/^-\.?[0-9]/.test(t.value)) throw usage(`--${t.name} needs a value, and "${t.value}" looks like an option. For a value that starts with a dash, write --${t.name}=${t.value}.`);
      if (argv[t.index] === t.rawName) negatives.push({ index: t.index, joined: `--${t.name}=${t.value}` });
    }
  }
  // `--limit -1` as `--limit=-1`, which parseArgs takes; from the last, so the earlier indexes hold.
  const args = [...argv];
  for (const n of negatives.reverse()) args.splice(n.index, 2, n.joined);
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw usage(`${(e as Error).message.replace(/\.? To specify.*$/s, '')}.`);
  }
}
