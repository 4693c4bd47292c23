/**
 * The sandbox: a local, Constant Contact–compatible HTTP server on 127.0.0.1 (node:http, no network).
 * Start it from the CLI (`segment-criteria sandbox`) or from tests with `startSandbox()`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PATH, ApiState, SERVED_OPERATIONS } from './apiRoutes.js';
import { CONTRACT_REPORT_ENV, processRecorder, type ContractRecorder } from './contract/recorder.js';
import { contract, type SpecOperation } from './contract/validator.js';
import type { SandboxData } from './data.js';
import { FaultSwitch, FaultsError, type Faults } from './faults.js';
import { badRequest, HttpError, readBody, readJson, send, type Reply } from './http.js';
import { RequestLimits, type RateLimitOptions } from './limits.js';
import { OAUTH_PATH, OAuthServer, type OAuthOptions } from './oauth.js';
import { sampleData } from './sampleData.js';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The account's data; the built-in sample when absent. */
  data?: SandboxData;
  /** The sandbox's own access token; random when absent. */
  token?: string;
  /** The API's limits; `false` turns them off. Default 4 a second and 10,000 a day. */
  rateLimit?: RateLimitOptions | false;
  faults?: Faults;
  /** How long a segment's first evaluation answers 202 processing (ms). Default 1500. */
  processingMs?: number;
  /** How long a contact export stays processing (ms). Default 1000. */
  exportMs?: number;
  /** How many export activities may be in progress before the export endpoint answers 429. Default 1000. */
  queuedActivities?: number;
  /**
   * Hold every answer to the published contract too (requests always are): an answer that breaks it becomes
   * a 500 that says how. For tests; on by default when SEGMENT_CRITERIA_CONTRACT_REPORT is set.
   */
  checkAnswers?: boolean;
  /** Where the contract checks are tallied; this process's recorder when absent. */
  contractRecorder?: ContractRecorder;
  oauth?: OAuthOptions;
  /** One line per request served: `METHOD /path STATUS MSms`. Never given a token. */
  log?: (line: string) => void;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:4010/v3 */
  baseUrl: string;
  /** e.g. http://127.0.0.1:4010/oauth2/default/v1 */
  oauthBaseUrl: string;
  token: string;
  accountId: string;
  state: ApiState;
  oauth: OAuthServer;
  limits: RequestLimits;
  setFaults(f: Faults): void;
  setRateLimit(r: RateLimitOptions | false): void;
  /** API requests answered so far (all statuses). */
  readonly requests: number;
  /** What was held against the published contract. */
  contract: ContractRecorder;
  close(): Promise<void>;
}

const UNAUTHORIZED = { error_key: 'unauthorized', error_message: 'Unauthorized' };
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** What the contract checks need to know about a request while it is answered. */
interface Checked {
  op?: SpecOperation;
  /** The answer comes from a fault switch. */
  injected?: boolean;
  /** Why the request was refused, for the log. */
  note?: string;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const data = opts.data ?? sampleData();
  const token = opts.token ?? `sandbox_${randomBytes(16).toString('hex')}`;
  const state = new ApiState(data, { processingMs: opts.processingMs ?? 1500, exportMs: opts.exportMs ?? 1000, queuedActivities: opts.queuedActivities ?? 1000 });
  const recorder = opts.contractRecorder ?? processRecorder();
  const checkAnswers = opts.checkAnswers ?? !!process.env[CONTRACT_REPORT_ENV];
  // Validators compile on first use. Tests compile them up front (once per process), so that no compile
  // stalls a sandbox in the middle of a burst it counts against its rate limit.
  if (checkAnswers) contract().prepare(SERVED_OPERATIONS, true);
  const limits = new RequestLimits(opts.rateLimit ?? {});
  const faults = new FaultSwitch();
  faults.set(opts.faults ?? {});
  let origin = '';
  const oauth = new OAuthServer(opts.oauth ?? {}, () => origin);
  let requests = 0;

  const authorized = (req: IncomingMessage) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return !!m && (m[1] === token || oauth.accepts(m[1]!));
  };

  async function route(req: IncomingMessage, url: URL, checked: Checked): Promise<Reply | 'cut'> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const call = `${method} ${path}`;
    if (path.startsWith(OAUTH_PATH) || path.startsWith('/oauth2/')) {
      return (await oauth.handle(req, path)) ?? { status: 404, body: { error: 'not_found' } };
    }
    if (path === '/__sandbox/faults' && req.method === 'POST') {
      // A switch for tests driving a sandbox started by the CLI; it needs the sandbox token too.
      if (!authorized(req)) return { status: 401, body: UNAUTHORIZED };
      let given: unknown;
      try {
        given = JSON.parse(await readBody(req));
      } catch {
        return { status: 400, body: [{ error_key: 'bad.faults', error_message: 'The faults must be a JSON object.' }] };
      }
      try {
        faults.set(given as Faults);
      } catch (e) {
        if (!(e instanceof FaultsError)) throw e;
        return { status: 400, body: [{ error_key: 'bad.faults', error_message: e.message }] };
      }
      return { status: 200, body: faults.current };
    }
    if (path !== API_PATH && !path.startsWith(API_PATH + '/')) return { status: 404, body: [{ error_key: 'not.found', error_message: `Nothing at ${path}; the API is under ${API_PATH}.` }] };
    requests++;
    const found = contract().operation(method, path.slice(API_PATH.length) || '/');
    checked.op = found?.op;
    const slow = faults.take('slow', call);
    if (slow) await new Promise((r) => setTimeout(r, slow.ms));
    if (faults.take('cut', call)) return 'cut';
    if (!authorized(req)) return { status: 401, body: UNAUTHORIZED };
    if (faults.take('unauthorized', call)) return injected({ status: 401, body: UNAUTHORIZED });
    const limited = limits.check();
    if (limited) return limited;
    const failure = faults.take('serverError', call);
    if (failure) {
      const status = failure.status ?? 500;
      return injected({ status, body: [{ error_key: 'server.error', error_message: status === 503 ? 'Service unavailable.' : 'An unexpected error occurred.' }] });
    }
    if (faults.take('forbidden', call)) return injected({ status: 403, body: [{ error_key: 'forbidden', error_message: 'Forbidden: the user does not have the privilege for this operation.' }] });
    const body = BODY_METHODS.has(method) ? await readJson(req) : undefined;
    if (found) {
      // What the published contract would refuse gets the API's generic 400, as Constant Contact answers it.
      const problems = contract().checkRequest(found.op, found.pathParams, url.searchParams, body);
      recorder.request(found.op.key, problems);
      if (problems.length) {
        checked.note = `refused by the published contract: ${problems.join('; ')}`;
        return badRequest().reply;
      }
    }
    return state.handle(method, url, body);

    function injected(reply: Reply): Reply {
      checked.injected = true;
      return reply;
    }
  }

  /** The answer, held against the contract when asked to; one that breaks it becomes a 500 that says how. */
  function checkAnswer(checked: Checked, reply: Reply): Reply {
    if (!checkAnswers || !checked.op) return reply;
    const problems = contract().checkAnswer(checked.op, reply, checked.injected);
    recorder.answer(checked.op.key, problems);
    if (!problems.length) return reply;
    checked.note = `the answer broke the published contract: ${problems.join('; ')}`;
    return { status: 500, body: [{ error_key: 'contract.violation', error_message: `The sandbox's answer broke the published contract: ${problems.join('; ')}` }] };
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const checked: Checked = {};
    route(req, url, checked)
      .catch((e: unknown): Reply => {
        if (e instanceof HttpError) return e.reply;
        opts.log?.(`internal error: ${e instanceof Error ? e.message : String(e)}`);
        return { status: 500, body: [{ error_key: 'server.error', error_message: 'An unexpected error occurred.' }] };
      })
      .then((reply) => {
        if (reply === 'cut') {
          req.socket.destroy();
          opts.log?.(`${req.method} ${url.pathname}${url.search} cut ${Date.now() - started}ms`);
          return;
        }
        const answer = checkAnswer(checked, reply);
        send(res, answer);
        opts.log?.(`${req.method} ${url.pathname}${url.search} ${answer.status} ${Date.now() - started}ms${checked.note ? ` (${checked.note})` : ''}`);
      })
      // Answering itself failed (the connection went away): log it, never take the sandbox down.
      .catch((e: unknown) => {
        opts.log?.(`internal error: ${e instanceof Error ? e.message : String(e)}`);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}${API_PATH}`,
    oauthBaseUrl: `${origin}${OAUTH_PATH}`,
    token,
    accountId: data.account.encoded_account_id,
    state,
    oauth,
    limits,
    setFaults: (f) => faults.set(f),
    setRateLimit: (r) => (limits.options = r),
    get requests() {
      return requests;
    },
    contract: recorder,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
