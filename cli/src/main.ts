/**
 * The `segment-criteria` CLI: dispatches to one module per command. Errors reach the user as one clear
 * message, never as a stack trace.
 */
import { attach } from './commands/attach';
import { check } from './commands/check';
import { count } from './commands/count';
import { deleteCommand } from './commands/delete';
import { deploy } from './commands/deploy';
import { diff } from './commands/diff';
import { escape } from './commands/escape';
import { freeze } from './commands/freeze';
import { login, logout } from './commands/login';
import { apply, plan } from './commands/plan';
import { preview } from './commands/preview';
import { pull } from './commands/pull';
import { rename } from './commands/rename';
import { sandbox } from './commands/sandbox';
import { forTerminal } from './commands/terminalText';
import { unescape } from './commands/unescape';
import { UsageError } from './usage';

type Command = { run: (argv: string[]) => Promise<number>; summary: string };

const COMMANDS: Record<string, Command> = {
  check: { run: check, summary: 'check FILE|DIR... [--format json|sarif|github] [--strict]   check segment files offline (exit 1 on errors; --strict: unknown sources are errors)' },
  // API commands (docs/cli.md): each takes --api-base-url URL (or CTCT_API_BASE_URL) where it talks to the API.
  escape: { run: (a) => escape(a), summary: 'escape FILE [--no-check] [--strict]   print the API request body {"name", "segment_criteria": "<escaped>"}' },
  unescape: { run: (a) => unescape(a), summary: 'unescape [FILE|-] [--out FILE|-] [--force]   a request/response body back to a readable .segment.json' },
  deploy: { run: (a) => deploy(a), summary: 'deploy FILE|DIR... [--force] [--dry-run] [--strict] [--max-change PCT]   create or update the segments (checks first)' },
  plan: { run: (a) => plan(a), summary: 'plan DIR... [--out FILE] [--format json] [--diff] [--strict]   what deploy would do per file, and segments no file manages (exit 3: changes pending)' },
  apply: { run: (a) => apply(a), summary: 'apply DIR... [--plan FILE] [--strict] [--max-change PCT]   carry out a fresh plan, or a plan file while it still holds (never deletes)' },
  pull: { run: (a) => pull(a), summary: 'pull ID...|--all [--dir DIR] [--force]   write segments as readable files' },
  rename: { run: (a) => rename(a), summary: 'rename FILE NAME [--force]   rename the file\'s segment and the file\'s name' },
  delete: { run: (a) => deleteCommand(a), summary: 'delete FILE|--id ID [--yes] [--force]   delete the file\'s segment (soft delete; refused while a scheduled campaign uses it) and unbind the file, or the segment with that id' },
  attach: { run: (a) => attach(a), summary: 'attach FILE --campaign ID|NAME [--replace] [--replace-lists]   make the file\'s segment the audience of a campaign' },
  preview: { run: (a) => preview(a), summary: 'preview FILE [--limit N] [--all] [--csv OUT|-] [--force] [--draft] [--strict]   the segment\'s contacts (--csv -: the CSV on stdout)' },
  freeze: { run: (a) => freeze(a), summary: 'freeze FILE --list NAME|ID   add the segment\'s current contacts to a list (created by name if none has it)' },
  count: { run: (a) => count(a), summary: 'count FILE|ID [--draft] [--strict]   the exact number of contacts, from one export activity' },
  diff: { run: (a) => diff(a), summary: 'diff FILE [--format json] [--limit N] [--max-requests N] [--strict]   contacts entering and leaving if the file were deployed now' },
  login: { run: (a) => login(a), summary: 'login [--client-id ID] [--api-base-url URL]   sign in with the OAuth device flow (a local sandbox needs no client id)' },
  logout: { run: (a) => logout(a), summary: 'logout [--all]   remove the saved sign-in' },
  sandbox: { run: (a) => sandbox(a), summary: 'sandbox [--port N] [--data FILE] [--no-rate-limit]   a local Constant Contact API for trying things out' },
};

function help(): string {
  const lines = Object.values(COMMANDS).map((c) => `  segment-criteria ${c.summary}`);
  return `segment-criteria: Constant Contact segments as code.\n\nUsage:\n${lines.join('\n')}\n`;
}

/** The commands that do not talk to Constant Contact. */
const OFFLINE = new Set(['check', 'escape', 'unescape', 'sandbox', 'logout']);

/** One command's usage, for `segment-criteria COMMAND --help` (and `segment-criteria help COMMAND`). */
function commandHelp(name: string, c: Command): string {
  const [synopsis, what] = c.summary.split(/ {3,}(.*)/s);
  const api = OFFLINE.has(name) ? '' : '  Where it talks to: --api-base-url URL (or CTCT_API_BASE_URL); a sandbox: segment-criteria sandbox.\n';
  return `Usage: segment-criteria ${synopsis}\n${what ? `  ${what}\n` : ''}${api}\nEvery command: segment-criteria --help\n`;
}

/** --help (or -h) among a command's options, before any `--` that ends them. */
function asksForHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * A reader that goes away before the output ends (`| head`, `| true`) closes the pipe: the rest of the
 * output is dropped without a word, and the command finishes what it started (a temporary segment is
 * still deleted, a file still written whole) and exits with its own code: 0 when done. One place for
 * every command, stderr too (`2>&1 | head`).
 */
function dropOutputOnceClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return;
    // Any other failure (a full disk under a redirect): said where output still goes, and the run fails.
    outputFailed = true;
    const other = stream === process.stdout ? process.stderr : process.stdout;
    if (other.writable) other.write(`segment-criteria: could not write the ${stream === process.stdout ? 'output' : 'messages'} (${e.code ?? e.message}): check where they are redirected.\n`);
  });
}
let outputFailed = false;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const named = rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0]) ? COMMANDS[rest[0]] : undefined;
  if (name === 'help' && named) {
    process.stdout.write(commandHelp(rest[0]!, named));
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`segment-criteria: unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  if (asksForHelp(rest)) {
    process.stdout.write(commandHelp(name, command));
    return 0;
  }
  return command.run(rest);
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

dropOutputOnceClosed(process.stdout);
dropOutputOnceClosed(process.stderr);
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = outputFailed && code === 0 ? 1 : code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`segment-criteria: ${forTerminal(e.message)}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`segment-criteria: ${forTerminal(e instanceof Error ? e.message : String(e))}\n`);
      if (process.env.SEGMENT_CRITERIA_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
      process.exitCode = 1;
    }
  },
);
