// Child processes (code-server, the sandbox) that must not outlive the script that started them, even when
// it is interrupted. code-server runs in its own process group, which a Ctrl+C in the terminal does not reach.
import type { ChildProcess } from 'node:child_process';

const live = new Map<ChildProcess, { group: boolean }>();
let hooked = false;

/** Ends `child` (or its whole process group) when this process exits, by any path. */
export function endOnExit(child: ChildProcess, options: { group: boolean }): void {
  live.set(child, options);
  child.once('exit', () => live.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const [c, o] of live) kill(c, 'SIGKILL', o.group);
  });
  // Without handlers, a signal ends Node without running 'exit' handlers.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
}

/** Signals a child, or its process group; quiet when it is already gone. */
export function kill(child: ChildProcess, signal: NodeJS.Signals, group: boolean): void {
  if (child.pid === undefined) return;
  try {
    if (group) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}
