import type { DraftSegmentOptions } from '../../../domain/src/preview';
import { leftoverMessage, quitMessage, stillStoppingMessage } from './cancelMessages';
import { commandLine, type Connection, type ConnectionFlags } from './connect';
import type { CliIo } from './io';

export interface Cancellation {
  /** Aborted by the first Ctrl-C (or SIGTERM). */
  signal: AbortSignal;
  /**
   * The hooks for a command's temporary segments: each is said when created (`announce`) and kept in mind
   * until deleted, so that a Ctrl-C meanwhile can name it; one that could not be deleted is said with how
   * to delete it, and makes the exit code 1 (`exitCode`).
   */
  temporarySegments(announce?: (id: number) => string): Required<Pick<DraftSegmentOptions, 'onCreated' | 'onDeleted' | 'onLeftover'>>;
  /** The file whose segment is being written (a write is let finish after Ctrl-C), or undefined when none is. */
  writing(path: string | undefined): void;
  /** What the command exits with, from what it would: 1 instead of 0 when a temporary segment was left behind. */
  exitCode(code: number): number;
  dispose(): void;
}

/**
 * Ctrl-C (or SIGTERM) cancels what is in flight, so that temporary segments are still deleted before exiting.
 * A second one does not stop that cleanup: it says what is still being done; a third quits at once, naming
 * the temporary segments left behind and how to delete them (a command line for where `flags` point).
 */
export function cancelOnSignal(io: CliIo, conn: Pick<Connection, 'explain'>, flags: ConnectionFlags, exit: (code: number) => void = (code) => process.exit(code)): Cancellation {
  const deleteCommand = (id: number) => commandLine(flags, io, ['delete', '--id', String(id)]);
  const cancel = new AbortController();
  const pending = new Set<number>();
  let leftovers = 0;
  let writing: string | undefined;
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) cancel.abort();
    else if (signals === 2) io.err(`${stillStoppingMessage([...pending], writing)}\n`);
    else {
      io.err(`${quitMessage([...pending], writing, deleteCommand)}\n`);
      exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: cancel.signal,
    temporarySegments: (announce) => ({
      onCreated: (s) => {
        pending.add(s.segment_id);
        if (announce) io.err(`${announce(s.segment_id)}\n`);
      },
      onDeleted: (id) => void pending.delete(id),
      onLeftover: (id, e) => {
        pending.delete(id);
        leftovers++;
        io.err(`${leftoverMessage(id, conn.explain(e), deleteCommand(id))}\n`);
      },
    }),
    writing: (path) => void (writing = path),
    exitCode: (code) => (code === 0 && leftovers > 0 ? 1 : code),
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
