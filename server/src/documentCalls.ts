/**
 * The language service's calls on one document's text, by name: what the server answers inline for a
 * document of ordinary size and, for a large one, asks the worker that holds its tree (largeDocuments.ts).
 * Both sides read this one table, so a call's arguments and result are typed across the thread boundary.
 */
import * as service from './language/service';

export const documentCalls = {
  validate: service.validate,
  complete: service.complete,
  hover: service.hover,
  codeActions: service.codeActions,
  documentSymbols: service.documentSymbols,
  folding: service.folding,
  describe: service.describe,
  format: service.format,
};

export type CallName = keyof typeof documentCalls;
/** A call's arguments after the text. */
export type CallArgs<K extends CallName> = (typeof documentCalls)[K] extends (text: string, ...rest: infer R) => unknown ? R : never;
export type CallResult<K extends CallName> = ReturnType<(typeof documentCalls)[K]>;

/** Runs a call on a text in this thread. */
export function callInline<K extends CallName>(name: K, text: string, args: CallArgs<K>): CallResult<K> {
  return (documentCalls[name] as unknown as (text: string, ...rest: CallArgs<K>) => CallResult<K>)(text, ...args);
}
