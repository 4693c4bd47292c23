/**
 * The published contract as an oracle: which operation a request is, whether the spec accepts the request
 * (path and query parameters with their bounds, JSON body with no property it does not define), and whether
 * an answer has a status documented for the operation and a body valid against its schema. ajv is set up
 * once, on first use, and each schema is compiled when first needed.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import spec from '../../../api/contract/ctct-v3-api-subset.json';
import { ANY_OPERATION_STATUSES, FAULT_STATUSES_EXEMPT, PAGING_LINK_PARAM } from './exemptions.js';
import { SPEC_FORMATS } from './formats.js';
import { definitionsDocument, parameterCheck, toJsonSchema, type Direction, type Json, type ParameterCheck } from './swaggerSchema.js';

export interface SpecOperation {
  /** `GET /segments/{segment_id}` */
  key: string;
  operationId: string;
  method: string;
  path: string;
  privileges: string[];
  scopes: string[];
  raw: Json;
}

/** What an answer is made of, as the sandbox gives it. */
export interface Answer {
  status: number;
  body?: unknown;
  text?: string;
  contentType?: string;
}

/**
 * The API's error bodies (the spec gives error statuses no schema): `[{error_key, error_message}]`, and a
 * single object for 401 and 429.
 */
const ERROR_ITEM = { type: 'object', required: ['error_key', 'error_message'], properties: { error_key: { type: 'string' }, error_message: { type: 'string' } }, additionalProperties: false };
const SINGLE_OBJECT_ERRORS = new Set([401, 429]);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Compiled {
  params: ParameterCheck[];
  query: ValidateFunction;
  path: ValidateFunction;
  body?: ValidateFunction;
  bodyRequired: boolean;
  answers: Map<number, ValidateFunction | null>;
}

export class ContractValidator {
  readonly operations: SpecOperation[];
  readonly basePath: string;
  private ajv: Ajv | undefined;
  private paramAjv: Ajv | undefined;
  private readonly compiled = new Map<string, Compiled>();
  private errorBody: { array: ValidateFunction; single: ValidateFunction } | undefined;

  constructor(private readonly doc: Json) {
    this.basePath = String(doc.basePath ?? '');
    this.operations = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of METHODS) {
        const raw = item[method] as Json | undefined;
        if (!raw) continue;
        const security = (raw.security as Record<string, string[]>[] | undefined) ?? [];
        const scopes = [...new Set(security.flatMap((s) => Object.values(s).flat()))];
        const m = method.toUpperCase();
        this.operations.push({ key: `${m} ${path}`, operationId: String(raw.operationId), method: m, path, privileges: (raw['x-authorization-privileges'] as string[]) ?? [], scopes, raw });
      }
    }
  }

  /** The operation a request is, by method and path below the base path; literal segments win over parameters. */
  operation(method: string, path: string): { op: SpecOperation; pathParams: Record<string, string> } | undefined {
    let best: { op: SpecOperation; pathParams: Record<string, string>; literal: number } | undefined;
    const parts = path.replace(/\/+$/, '').split('/');
    for (const op of this.operations) {
      if (op.method !== method) continue;
      const template = op.path.split('/');
      if (template.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      let literal = 0;
      let ok = true;
      template.forEach((t, i) => {
        const m = /^\{(.+)\}$/.exec(t);
        if (m) pathParams[m[1]!] = decoded(parts[i]!);
        else if (t === parts[i]) literal++;
        else ok = false;
      });
      if (ok && (!best || literal > best.literal)) best = { op, pathParams, literal };
    }
    return best && { op: best.op, pathParams: best.pathParams };
  }

  /**
   * What the spec would refuse in a request: empty when it accepts it. `body` is the parsed JSON body
   * (undefined when none was sent).
   */
  checkRequest(op: SpecOperation, pathParams: Record<string, string>, query: URLSearchParams, body: unknown): string[] {
    const c = this.compile(op);
    const problems: string[] = [];
    const values = (where: 'path' | 'query'): Json => {
      const out: Json = {};
      for (const p of c.params.filter((x) => x.in === where)) {
        const given = where === 'path' ? (pathParams[p.name] === undefined ? [] : [pathParams[p.name]!]) : query.getAll(p.name);
        if (given.length > 1) problems.push(`query parameter "${p.name}" is given ${given.length} times`);
        if (given.length) out[p.name] = p.list ? given[0]!.split(',') : given[0];
      }
      return out;
    };
    problems.push(...describe(c.path, values('path'), 'path parameter'));
    // A paging link is the API's own: only its path and method are the client's.
    if (!query.has(PAGING_LINK_PARAM)) {
      const known = new Set(c.params.filter((p) => p.in === 'query').map((p) => p.name));
      for (const name of new Set(query.keys())) if (!known.has(name)) problems.push(`query parameter "${name}" is not in the spec`);
      problems.push(...describe(c.query, values('query'), 'query parameter'));
    }
    if (c.body) {
      if (body === undefined) {
        if (c.bodyRequired) problems.push('the JSON body the spec requires is missing');
      } else {
        problems.push(...describe(c.body, body, 'body'));
      }
    } else if (body !== undefined) {
      problems.push('a body, which the spec does not take');
    }
    return problems;
  }

  /**
   * Compiles what checking these operations (`METHOD /path`) needs ahead of their first request (a compile
   * takes up to a few hundred milliseconds). Unknown keys are an error.
   */
  prepare(keys: readonly string[], answers: boolean): void {
    for (const key of keys) {
      const op = this.operations.find((o) => o.key === key);
      if (!op) throw new Error(`${key} is not an operation of the published spec.`);
      const c = this.compile(op);
      if (answers) for (const status of Object.keys(op.raw.responses as Json)) this.answerValidator(op, c, Number(status));
    }
    if (answers) this.errorBodies();
  }

  /** What breaks the contract in an answer: empty when nothing does. `injected`: a fault switch's answer. */
  checkAnswer(op: SpecOperation, answer: Answer, injected = false): string[] {
    const c = this.compile(op);
    const { status } = answer;
    const responses = op.raw.responses as Record<string, Json>;
    const documented = String(status) in responses;
    if (!documented && !ANY_OPERATION_STATUSES.includes(status) && !(injected && FAULT_STATUSES_EXEMPT)) {
      return [`status ${status}, which the spec does not document for ${op.key} (it documents ${Object.keys(responses).join(', ')})`];
    }
    if (status >= 400) return describe(this.errorBodies()[SINGLE_OBJECT_ERRORS.has(status) ? 'single' : 'array'], answer.body ?? answer.text, `${status} body`);
    const validate = this.answerValidator(op, c, status);
    const value = answer.text !== undefined ? answer.text : answer.body;
    if (!validate) return value === undefined || value === '' ? [] : [`a ${status} body, which the spec does not define`];
    const problems: string[] = [];
    const produces = (op.raw.produces as string[] | undefined) ?? [];
    const type = (answer.contentType ?? (answer.body !== undefined ? 'application/json' : '')).split(';')[0]!.trim();
    if (produces.length && !produces.includes(type)) problems.push(`Content-Type ${type || '(none)'}, where the spec produces ${produces.join(', ')}`);
    problems.push(...describe(validate, value, `${status} body`));
    return problems;
  }

  private ajvFor(): Ajv {
    if (!this.ajv) {
      this.ajv = new Ajv({ allErrors: true, strict: true, formats: SPEC_FORMATS });
      const definitions = this.doc.definitions as Json;
      this.ajv.addSchema(definitionsDocument(definitions, 'request', 'request'));
      this.ajv.addSchema(definitionsDocument(definitions, 'answer', 'answer'));
    }
    return this.ajv;
  }

  private answerValidator(op: SpecOperation, c: Compiled, status: number): ValidateFunction | null {
    let validate = c.answers.get(status);
    if (validate === undefined) {
      const schema = (op.raw.responses as Record<string, Json>)[String(status)]?.schema as Json | undefined;
      validate = schema ? this.compileSchema(schema, 'answer') : null;
      c.answers.set(status, validate);
    }
    return validate;
  }

  /** A schema of the spec, its `$ref`s pointed into the definitions of its direction. */
  private compileSchema(schema: Json, direction: Direction): ValidateFunction {
    const converted = JSON.stringify(toJsonSchema(schema, direction)).replace(/"#\/definitions\//g, `"${direction}#/definitions/`);
    return this.ajvFor().compile(JSON.parse(converted) as Json);
  }

  private errorBodies(): { array: ValidateFunction; single: ValidateFunction } {
    return (this.errorBody ??= { array: this.ajvFor().compile({ type: 'array', minItems: 1, items: ERROR_ITEM }), single: this.ajvFor().compile(ERROR_ITEM) });
  }

  private compile(op: SpecOperation): Compiled {
    let c = this.compiled.get(op.key);
    if (c) return c;
    // Query and path values arrive as text: coerced to the parameter's type before they are checked.
    this.paramAjv ??= new Ajv({ allErrors: true, strict: true, coerceTypes: true, formats: SPEC_FORMATS });
    const raw = (op.raw.parameters as Json[] | undefined) ?? [];
    const params = raw.filter((p) => p.in === 'query' || p.in === 'path').map((p) => parameterCheck(op.key, p));
    const group = (where: 'query' | 'path') => {
      const ps = params.filter((p) => p.in === where);
      return this.paramAjv!.compile({
        type: 'object',
        properties: Object.fromEntries(ps.map((p) => [p.name, p.schema])),
        required: ps.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      });
    };
    const bodyParam = raw.find((p) => p.in === 'body');
    const bodySchema = bodyParam?.schema as Json | undefined;
    c = {
      params,
      query: group('query'),
      path: group('path'),
      bodyRequired: bodyParam?.required === true,
      answers: new Map(),
      ...(bodySchema ? { body: this.compileSchema(bodySchema, 'request') } : {}),
    };
    this.compiled.set(op.key, c);
    return c;
  }
}

/** A path segment as text; a malformed escape stays as sent (and fails its parameter's check). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** ajv's errors as sentences that name the place and, for an undefined property, the property. */
function describe(validate: ValidateFunction, value: unknown, what: string): string[] {
  if (validate(value)) return [];
  const parameter = what.endsWith('parameter');
  return (validate.errors ?? []).map((e: ErrorObject) => {
    if (parameter && e.keyword === 'required') return `${what} "${String(e.params.missingProperty)}" is required`;
    const at = !e.instancePath ? what : parameter ? `${what} "${e.instancePath.slice(1).split('/')[0]}"${e.instancePath.split('/').length > 2 ? ` item ${e.instancePath.split('/')[2]}` : ''}` : `${what} ${e.instancePath}`;
    if (e.keyword === 'additionalProperties') return `${at} has "${String(e.params.additionalProperty)}", which the spec does not define`;
    return `${at} ${e.message ?? 'is invalid'}`;
  });
}

let shared: ContractValidator | undefined;

/** The validator of the published contract, made on first use and shared. */
export function contract(): ContractValidator {
  return (shared ??= new ContractValidator(spec as unknown as Json));
}
