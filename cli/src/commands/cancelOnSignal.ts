import type { CliIo } from './io';

/** Ctrl-C (or SIGTERM) cancels what is in flight, so that temporary segments are still deleted before exiting. */
export function cancelOnSignal(): { signal: AbortSignal; dispose(): void } {
  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: cancel.signal,
    dispose() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

/**
 * What a command that talks to the API says and returns when it stops on an error: 130 after Ctrl-C (with
 * `cancelled` said), else the error explained for `what` (a file, a segment) and 1.
 */
export function stoppedBy(io: CliIo, e: unknown, signal: AbortSignal, what: string, explain: (e: unknown) => string, cancelled = 'Cancelled.'): number {
  if (signal.aborted) {
    io.err(`${cancelled}\n`);
    return 130;
  }
  io.err(`${what}: ${explain(e)}\n`);
  return 1;
}
