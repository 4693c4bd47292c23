/**
 * Keeps the server running whatever a client sends: a request before `initialize` is answered with
 * ServerNotInitialized (-32002) and a notification before it is dropped, as the LSP specification says; a
 * malformed message is logged and dropped (a notification) or refused with InvalidParams (a request); an
 * exception in any handler or timer is logged instead of ending the process.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

/** Where problems are logged: the client's output for the server. */
export interface Log {
  warn(message: string): void;
  error(message: string): void;
}

/** What is wrong with a message's parameters, in words; undefined when they are usable. */
export type ShapeCheck = (params: unknown) => string | undefined;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Guards {
  private ready = false;

  constructor(private readonly log: Log) {}

  /** Called when `initialize` has been answered: from then on, messages are handled. */
  markInitialized(): void {
    this.ready = true;
  }

  get initialized(): boolean {
    return this.ready;
  }

  notification<A extends unknown[]>(method: string, handler: (...args: A) => void, check?: ShapeCheck): (...args: A) => void {
    return (...args) => {
      if (!this.ready) return;
      const problem = check?.(args[0]);
      if (problem) {
        this.log.warn(`Ignored ${method}: ${problem}.`);
        return;
      }
      this.run(method, () => handler(...args));
    };
  }

  request<A extends unknown[], R>(method: string, handler: (...args: A) => R, check?: ShapeCheck): (...args: A) => R {
    return (...args) => {
      if (!this.ready) throw new ResponseError(ErrorCodes.ServerNotInitialized, `The server is not initialized: send "initialize" before ${method}.`);
      const problem = check?.(args[0]);
      if (problem) {
        this.log.warn(`Refused ${method}: ${problem}.`);
        throw new ResponseError(ErrorCodes.InvalidParams, `${method}: ${problem}.`);
      }
      const fail = (e: unknown): never => {
        if (e instanceof ResponseError) throw e;
        this.log.error(`${method} failed: ${messageOf(e)}`);
        throw new ResponseError(ErrorCodes.InternalError, `${method} failed: ${messageOf(e)}`);
      };
      try {
        const result = handler(...args);
        return (result instanceof Promise ? result.catch(fail) : result) as R;
      } catch (e) {
        return fail(e);
      }
    };
  }

  /** Runs work outside any handler (a timer's), logging an exception instead of letting it end the process. */
  run(what: string, work: () => void): void {
    try {
      work();
    } catch (e) {
      this.log.error(`${what} failed: ${messageOf(e)}`);
    }
  }
}
