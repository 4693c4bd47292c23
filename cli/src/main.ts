/**
 * The `segment-criteria` CLI: dispatches to one module per command. Errors reach the user as one clear
 * message, never as a stack trace.
 */
import { check } from './commands/check';
import { UsageError } from './usage';

type Command = { run: (argv: string[]) => Promise<number>; summary: string };

const COMMANDS: Record<string, Command> = {
  check: { run: check, summary: 'check FILE|DIR... [--format json]   check segment files offline (exit 1 on errors)' },
};

function help(): string {
  const lines = Object.values(COMMANDS).map((c) => `  segment-criteria ${c.summary}`);
  return `segment-criteria: Constant Contact segments as code.\n\nUsage:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`segment-criteria: unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  return command.run(rest);
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`segment-criteria: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`segment-criteria: ${e instanceof Error ? e.message : String(e)}\n`);
      if (process.env.SEGMENT_CRITERIA_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
      process.exitCode = 1;
    }
  },
);
