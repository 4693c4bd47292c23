/**
 * Shared by the api, sandbox and cli tests: a sandbox with fast timings that holds every answer to the
 * published contract, and a client tuned for tests.
 */
import { CtctClient, type ClientOptions } from '../../api/src/client.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/src/server.js';

export async function fastSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ rateLimit: false, processingMs: 30, exportMs: 30, checkAnswers: true, ...opts });
}

export function fastClient(sb: Sandbox, opts: Partial<ClientOptions> = {}): CtctClient {
  return new CtctClient({
    baseUrl: sb.baseUrl,
    auth: { getToken: async () => sb.token },
    limiter: false,
    timeoutMs: 2000,
    backoff: { baseMs: 5, maxMs: 40 },
    processing: { initialMs: 10, maxMs: 40, maxWaitMs: 3000 },
    ...opts,
  });
}

export const criteria = (group: unknown[]) => JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group } });

export const OPENED_LAST_5 = criteria([{ source: 'tracking', field: 'opened', op: 'contains-any', const_value: 'last-n-campaigns', param: '5' }]);
