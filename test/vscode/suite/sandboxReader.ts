// A second, independent client of the sandbox the suite uses, for reading back what a command changed
// (activities, lists, segments) as the API answers it, and for switching the sandbox's faults. It signs in
// with the sandbox's own device flow, which approves by itself.
import { DEFAULT_SCOPES, startDeviceFlow } from '../../../api/src/auth/oauth';
import { SANDBOX_CLIENT_ID } from '../../../api/src/auth/sandboxClient';
import { CtctClient } from '../../../api/src/client';
import type { SegmentCriteriaApi } from '../../../client/src/extension';
import type { Faults } from '../../../sandbox/src/faults';

interface Reader {
  client: CtctClient;
  token: string;
  origin: string;
}

const readers = new Map<string, Promise<Reader>>();

function reader(a: SegmentCriteriaApi): Promise<Reader> {
  const baseUrl = `http://${a.account().host}/v3`;
  let r = readers.get(baseUrl);
  if (!r) {
    const origin = new URL(baseUrl).origin;
    r = (async () => {
      const flow = await startDeviceFlow(`${origin}/oauth2/default/v1`, SANDBOX_CLIENT_ID, DEFAULT_SCOPES, 200);
      const { access_token: token } = await flow.wait(AbortSignal.timeout(30_000));
      return { client: new CtctClient({ baseUrl, auth: { getToken: async () => token } }), token, origin };
    })();
    readers.set(baseUrl, r);
    r.catch(() => readers.delete(baseUrl));
  }
  return r;
}

/** A client of the sandbox the extension is signed in to (the runner's, or the window's own). */
export async function sandboxReader(a: SegmentCriteriaApi): Promise<CtctClient> {
  return (await reader(a)).client;
}

/** Replaces the sandbox's injected faults (POST /__sandbox/faults); `{}` turns them off. */
export async function setSandboxFaults(a: SegmentCriteriaApi, faults: Faults): Promise<void> {
  const { token, origin } = await reader(a);
  const res = await fetch(`${origin}/__sandbox/faults`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!res.ok) throw new Error(`the sandbox refused the faults: ${res.status} ${await res.text()}`);
}
