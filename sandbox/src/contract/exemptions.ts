/**
 * Every place where a request or an answer is not held to the published spec word for word, each with its
 * reason. Anything not listed here is checked as the spec says.
 */

/**
 * The query parameter of the API's paging links. A `_links.next.href` is followed verbatim, as the API asks,
 * so a request that carries it is checked on its path and method only: the link is the API's, not the client's.
 */
export const PAGING_LINK_PARAM = 'cursor';

/** 429 can answer any operation: the limits (4 a second, 10,000 a day) are per application, not per endpoint. */
export const ANY_OPERATION_STATUSES: readonly number[] = [429];

/**
 * Statuses injected by the sandbox's fault switches (401, 403 and 5xx on any call) are exempt from the
 * documented-status check, since they stand for what any endpoint can meet; their bodies must still be the
 * API's error shape.
 */
export const FAULT_STATUSES_EXEMPT = true;

/** A parameter the spec contradicts itself on, checked as `schema` instead. */
export interface ParameterFix {
  /** `METHOD /path` as in the spec. */
  operation: string;
  parameter: string;
  /** The value is a comma-separated list, checked as an array. */
  list?: boolean;
  schema: Record<string, unknown>;
  reason: string;
}

export const PARAMETER_FIXES: readonly ParameterFix[] = [
  {
    operation: 'GET /contacts',
    parameter: 'segment_id',
    schema: { type: 'string', pattern: '^[0-9]+$' },
    reason: 'typed string with maximum: 1, a bound for numbers; the API takes one segment id, a whole number',
  },
  {
    operation: 'GET /contacts',
    parameter: 'lists',
    list: true,
    schema: { type: 'array', maxItems: 25, items: { type: 'string', format: 'uuid' } },
    reason: 'typed string with maximum: 25; the API takes up to 25 list ids, comma separated',
  },
  {
    operation: 'GET /contacts',
    parameter: 'tags',
    list: true,
    schema: { type: 'array', maxItems: 50, items: { type: 'string', format: 'uuid' } },
    reason: 'typed string with maximum: 50 and format uuid; the API takes up to 50 tag ids, comma separated',
  },
  {
    operation: 'GET /contact_tags',
    parameter: 'limit',
    schema: { type: 'integer', minimum: 1, maximum: 500 },
    reason: 'typed integer with minLength: 1 and maxLength: 500, bounds for strings; read as 1 to 500',
  },
];
