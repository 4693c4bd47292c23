/**
 * Errors from the Constant Contact API, turned into messages that say what happened and what to do.
 * The API answers most errors with an array `[{error_key, error_message}]` and 401/429 with a single
 * object: both shapes are accepted everywhere.
 */

export type ApiErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unsupported-media-type'
  | 'throttled'
  | 'quota-exceeded'
  | 'too-many-requests'
  | 'missing-scope'
  | 'server'
  | 'network'
  | 'unreachable'
  | 'timeout'
  | 'cancelled'
  | 'processing-timeout'
  | 'unexpected';

export interface ApiErrorDetail {
  error_key: string;
  error_message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    readonly details: ApiErrorDetail[] = [],
    /** `GET /segments/12`: which call failed, never with a token in it. */
    readonly call = '',
  ) {
    super(message);
  }

  /** The first error_key the API gave, if any. */
  get errorKey(): string | undefined {
    return this.details[0]?.error_key;
  }
}

/** Reads either error body shape; anything else becomes an empty list (the status still speaks). */
export function parseErrorBody(text: string): ApiErrorDetail[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  const items = Array.isArray(body) ? body : [body];
  const out: ApiErrorDetail[] = [];
  for (const item of items) {
    if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      const key = typeof o.error_key === 'string' ? o.error_key : '';
      const msg = typeof o.error_message === 'string' ? o.error_message : '';
      if (key || msg) out.push({ error_key: key, error_message: msg });
    }
  }
  return out;
}

const ROLE_HINT =
  'Segments need the Account Owner or Account Manager role (privilege contacts:lists:write to change segments, ' +
  'contacts:lists:read to read them) and a token with the contact_data scope. Ask the account owner to change your role.';

/** What a 403 names: the privilege (and scope) of the operation that refused. */
function forbiddenHint(op?: { path: string; privilege: string; scope: string }): string {
  if (!op || op.path.startsWith('/segments')) return ROLE_HINT;
  return `This call needs the ${op.privilege} privilege, which your user role in the account lacks, and a token with the ${op.scope} scope. Ask the account owner to change your role.`;
}

export interface ErrorHints {
  /** How to sign in again, e.g. "Run `segment-criteria login` or set CTCT_ACCESS_TOKEN." */
  signIn?: string;
  /** What to do when the API host cannot be connected to, e.g. how to start the sandbox it names. */
  unreachable?: string;
}

/**
 * Failures that happen before a byte of the request leaves: the name does not resolve, nothing listens on
 * the port (a refused connection is answered to the first packet of a new connection, never mid-request),
 * the connection cannot be opened in time, or the server's certificate is refused in the handshake.
 * Anything else (a reset, a socket closed, no answer in time) may come after the request was received.
 */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'UND_ERR_CONNECT_TIMEOUT']);

export function failedBeforeSending(code: string | undefined): boolean {
  return !!code && (NOT_SENT.has(code) || /^ERR_TLS_|CERT|SELF_SIGNED/.test(code));
}

export interface NetworkFailure {
  /** The error code (ECONNREFUSED) or message. */
  reason: string;
  /** True when the code says the request never left this machine. */
  notSent: boolean;
  /** No answer within the client's timeout. */
  timedOut: boolean;
  timeoutMs: number;
  attempts: number;
  /** A call safe to repeat (GET, PUT, PATCH, DELETE); a POST may have created something. */
  idempotent: boolean;
}

/**
 * The message for a request that got no answer. A refused connection means nothing was sent, and says
 * so; only a failure after the request could have reached the server leaves a POST in doubt.
 */
export function networkError(call: string, host: string, f: NetworkFailure, hints: ErrorHints = {}): ApiError {
  const tries = f.attempts > 1 ? ` after ${f.attempts} attempts` : '';
  if (f.notSent && !f.timedOut) {
    const todo = hints.unreachable ?? 'Check the network and the API base URL, then try again.';
    return new ApiError('unreachable', `${call}: could not connect to ${host} (${f.reason})${tries}: nothing was sent. ${todo}`, undefined, [], call);
  }
  const what = f.timedOut ? `no answer within ${Math.round(f.timeoutMs / 1000)} s` : `the connection failed (${f.reason})`;
  const unsure = f.idempotent ? '' : ' The request may or may not have been applied: check before sending it again.';
  return new ApiError(f.timedOut ? 'timeout' : 'network', `${call}: ${what}${tries} talking to ${host}.${unsure} Check the network and the API base URL, then try again.`, undefined, [], call);
}

/**
 * The message for an HTTP error answer. `details` come from the body; `call` is `METHOD /path`; `op` is the
 * operation called, whose privilege a 403 names.
 */
export function httpError(status: number, details: ApiErrorDetail[], call: string, hints: ErrorHints = {}, op?: { path: string; privilege: string; scope: string }): ApiError {
  const said = details.map((d) => d.error_message || d.error_key).filter(Boolean).join('; ');
  const apiSaid = said ? ` The API said: ${said}` : '';
  const signIn = hints.signIn ?? 'Sign in again.';
  const key = details[0]?.error_key;
  switch (status) {
    case 400:
      return new ApiError('bad-request', `${call} was refused as invalid (400).${apiSaid} Check the file with \`segment-criteria check\`: the API does not say what is wrong.`, status, details, call);
    case 401:
      return new ApiError('unauthorized', `${call}: the access token was not accepted (401). ${signIn}`, status, details, call);
    case 403:
      return new ApiError('forbidden', `${call}: permission denied (403).${apiSaid} ${forbiddenHint(op)}`, status, details, call);
    case 404:
      return new ApiError('not-found', `${call}: not found (404).${apiSaid}`, status, details, call);
    case 409:
      return new ApiError('conflict', `${call}: conflict (409).${apiSaid}`, status, details, call);
    case 415:
      return new ApiError('unsupported-media-type', `${call}: unsupported media type (415).${apiSaid}`, status, details, call);
    case 429:
      if (key === 'quota_exceeded') {
        return new ApiError(
          'quota-exceeded',
          `${call}: the account's daily quota of 10,000 API requests is used up (429 quota_exceeded). It resets at 00:00 UTC; try again after that.`,
          status,
          details,
          call,
        );
      }
      if (key !== 'throttled') {
        return new ApiError(
          'too-many-requests',
          `${call}: Constant Contact refused the request for now (429${key ? ` ${key}` : ''}).${apiSaid} It was not sent again; wait a few minutes, then try again.`,
          status,
          details,
          call,
        );
      }
      return new ApiError('throttled', `${call}: still throttled after retrying (429 throttled: over 4 requests a second). Wait a moment and try again.`, status, details, call);
    default:
      if (status >= 500) {
        return new ApiError('server', `${call}: Constant Contact had a server error (${status}).${apiSaid} Try again in a few minutes.`, status, details, call);
      }
      return new ApiError('unexpected', `${call}: unexpected answer ${status}.${apiSaid}`, status, details, call);
  }
}

/** Removes every secret from a text; used on anything that might reach output. */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]');
}
