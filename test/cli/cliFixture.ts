/** Runs CLI commands in-process with captured output, a given environment and fast client timings. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../cli/src/commands/io.js';
import type { Sandbox } from '../../sandbox/src/server.js';

export interface MemoryIo extends CliIo {
  stdout: string;
  stderr: string;
}

export function memoryIo(opts: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string; answers?: string[] } = {}): MemoryIo {
  const answers = [...(opts.answers ?? [])];
  const io: MemoryIo = {
    stdout: '',
    stderr: '',
    out: (t) => void (io.stdout += t),
    data: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    readStdin: async () => opts.stdin ?? '',
    interactive: opts.answers !== undefined,
    ask: async (q) => {
      io.stderr += q;
      return answers.shift() ?? '';
    },
    clientOptions: { limiter: false, backoff: { baseMs: 5, maxMs: 40 }, processing: { initialMs: 10, maxMs: 40, maxWaitMs: 3000 }, timeoutMs: 2000 },
    deviceMinIntervalMs: 10,
  };
  return io;
}

/** An environment that talks to the sandbox with its token, and keeps logins in a fresh folder. */
export function sandboxEnv(sb: Sandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { CTCT_API_BASE_URL: sb.baseUrl, CTCT_ACCESS_TOKEN: sb.token, SEGMENT_CRITERIA_CONFIG_DIR: tempDir('config-'), ...extra };
}

export function tempDir(prefix = 'cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A hand-kept segment file with comments, as users write them: write-back must leave every comment in place. */
export function commentedSegment(name: string, state = 'MA'): string {
  return `{
  // ${name}: kept by hand, with comments.
  "name": ${JSON.stringify(name)},
  "segment_criteria": {
    "version": "1.0.0",
    "criteria": {
      "type": "and",
      "group": [
        { "source": "contact", "field": "state", "op": "eq", "value": "${state}" }, // case-insensitive
        { "source": "contact", "field": "title", "op": "starts-with", "value": "dir" }
      ]
    }
  }
}
`;
}
