/** Small helpers for the sandbox's node:http handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  body?: unknown;
  /** Raw text instead of JSON (CSV downloads, the device page). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/** The API's usual error shape: an array of `{error_key, error_message}`. */
export function apiError(status: number, key: string, message: string): HttpError {
  return new HttpError({ status, body: [{ error_key: key, error_message: message }] });
}

export const GENERIC_400 = 'Either the JSON was malformed or there was a data validation error.';

export function badRequest(message = GENERIC_400): HttpError {
  return apiError(400, 'json.validation.error', message);
}

export function notFound(what = 'The requested resource was not found.'): HttpError {
  return apiError(404, 'not.found', what);
}

export async function readBody(req: IncomingMessage, max = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw apiError(413, 'request.too.large', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON request body; 415 for another media type and the generic 400 for bad JSON, as the API does. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().includes('application/json')) {
    throw apiError(415, 'unsupported.media.type', 'The Content-Type must be application/json.');
  }
  const text = await readBody(req);
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* falls through to the generic 400 */
  }
  throw badRequest();
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...reply.headers };
  if (reply.text !== undefined) {
    headers['Content-Type'] = reply.contentType ?? 'text/plain; charset=utf-8';
    res.writeHead(reply.status, headers).end(reply.text);
  } else if (reply.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
  } else {
    res.writeHead(reply.status, headers).end();
  }
}

/** Opaque page cursors: base64url of a small JSON object. */
export function encodeCursor(o: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

export function decodeCursor(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (v && typeof v === 'object') return v as Record<string, unknown>;
  } catch {
    /* below */
  }
  throw badRequest('The cursor is not valid.');
}

/** Whole number in [min, max] from a query parameter, or the generic 400. */
export function intParam(v: string | null, min: number, max: number, fallback: number): number {
  if (v === null) return fallback;
  if (!/^[0-9]+$/.test(v)) throw badRequest();
  const n = Number(v);
  if (n < min || n > max) throw badRequest();
  return n;
}
