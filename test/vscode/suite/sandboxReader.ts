// A second, independent client of the sandbox the suite uses, for reading back what a command changed
// (activities, lists, segments) as the API answers it. It signs in with the sandbox's own device flow,
// which approves by itself.
import { DEFAULT_SCOPES, startDeviceFlow } from '../../../api/src/auth/oauth';
import { SANDBOX_CLIENT_ID } from '../../../api/src/auth/sandboxClient';
import { CtctClient } from '../../../api/src/client';
import type { SegmentCriteriaApi } from '../../../client/src/extension';

const readers = new Map<string, Promise<CtctClient>>();

/** A client of the sandbox the extension is signed in to (the runner's, or the window's own). */
export function sandboxReader(a: SegmentCriteriaApi): Promise<CtctClient> {
  const baseUrl = `http://${a.account().host}/v3`;
  let reader = readers.get(baseUrl);
  if (!reader) {
    reader = (async () => {
      const flow = await startDeviceFlow(`${new URL(baseUrl).origin}/oauth2/default/v1`, SANDBOX_CLIENT_ID, DEFAULT_SCOPES, 200);
      const { access_token } = await flow.wait(AbortSignal.timeout(30_000));
      return new CtctClient({ baseUrl, auth: { getToken: async () => access_token } });
    })();
    readers.set(baseUrl, reader);
    reader.catch(() => readers.delete(baseUrl));
  }
  return reader;
}
