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
