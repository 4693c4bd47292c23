/**
 * `segment-criteria sandbox [--port N] [--data FILE] [--no-rate-limit] [--daily-quota N] [--processing-ms N]
 * [--long-lived-refresh-tokens]`: a local Constant Contact–compatible API on 127.0.0.1 (the last option: as
 * for an application set up for long-lived refresh tokens, to try a CI setup). Prints the base URL and a sandbox-only token,
 * then one line per request, until Ctrl-C.
 */
import { resolve } from 'node:path';
import { loadDataFile } from '../../../sandbox/src/data';
import { startSandbox } from '../../../sandbox/src/server';
import { UsageError } from '../usage';
import { parse, processIo, type CliIo } from './io';

function whole(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}.`);
  return Number(v);
}

export async function sandbox(argv: string[], io: CliIo = processIo(), stop?: Promise<void>): Promise<number> {
  const { values, positionals } = parse('sandbox', argv, {
    port: { type: 'string', short: 'p' },
    data: { type: 'string' },
    'no-rate-limit': { type: 'boolean' },
    'daily-quota': { type: 'string' },
    'processing-ms': { type: 'string' },
    'long-lived-refresh-tokens': { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError('sandbox takes no arguments besides its options.');
  const port = whole('port', values.port, 0, 65535) ?? 0;
  const daily = whole('daily-quota', values['daily-quota'], 1, 1e9);
  const processingMs = whole('processing-ms', values['processing-ms'], 0, 600_000);
  let data;
  if (values.data) {
    try {
      data = loadDataFile(resolve(io.cwd, values.data));
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 2;
    }
  }
  let sb;
  try {
    sb = await startSandbox({
      port,
      ...(data ? { data } : {}),
      rateLimit: values['no-rate-limit'] ? false : { ...(daily ? { daily } : {}) },
      ...(processingMs !== undefined ? { processingMs } : {}),
      ...(values['long-lived-refresh-tokens'] ? { oauth: { refreshTokens: 'long-lived' as const } } : {}),
      log: (line) => io.out(`${line}\n`),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(code === 'EADDRINUSE' ? `Port ${port} is in use: pick another with --port, or --port 0 for a free one.\n` : `The sandbox could not start: ${(e as Error).message}\n`);
    return 1;
  }
  io.out(`API base URL: ${sb.baseUrl}\nAccess token: ${sb.token}\n`);
  await (stop ??
    new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    }));
  await sb.close();
  return 0;
}
