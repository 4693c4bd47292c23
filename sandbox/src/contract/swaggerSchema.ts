/**
 * The Swagger 2.0 dialect of the published spec, turned into JSON Schema for ajv: `x-` keys dropped,
 * `$ref`s to `#/definitions` kept (the definitions travel in the same document), objects closed to the
 * properties the spec defines, and `readOnly` properties refused in requests (the server sets them).
 * Non-body parameters become one schema per parameter; `format: csv` on a string means a comma-separated
 * list, checked item by item.
 */
import { PARAMETER_FIXES } from './exemptions.js';

export type Json = Record<string, unknown>;
export type Direction = 'request' | 'answer';

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

export function toJsonSchema(schema: unknown, direction: Direction): unknown {
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || key === 'example') continue;
    if (key === 'properties' && isObject(value)) {
      const props: Json = {};
      for (const [name, prop] of Object.entries(value)) {
        if (direction === 'request' && isObject(prop) && prop.readOnly === true) continue;
        props[name] = toJsonSchema(prop, direction);
      }
      out.properties = props;
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = toJsonSchema(value, direction);
    } else {
      out[key] = value;
    }
  }
  if (isObject(out.properties)) {
    const props = out.properties;
    if (Array.isArray(out.required)) out.required = out.required.filter((r) => typeof r === 'string' && r in props);
    out.additionalProperties ??= false;
  }
  return out;
}

/** The definitions of the spec, ready for ajv as one document with the given `$id`. */
export function definitionsDocument(definitions: Json, id: string, direction: Direction): Json {
  const defs: Json = {};
  for (const [name, schema] of Object.entries(definitions)) defs[name] = toJsonSchema(schema, direction);
  return { $id: id, definitions: defs };
}

/** A query or path parameter as the validator checks it. */
export interface ParameterCheck {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  /** A comma-separated list: split, then checked as an array. */
  list: boolean;
  schema: Json;
}

const PARAMETER_KEYS = new Set(['name', 'in', 'required', 'description', 'allowEmptyValue', 'collectionFormat']);

export function parameterCheck(operation: string, p: Json): ParameterCheck {
  const name = String(p.name);
  const where = p.in === 'path' ? 'path' : 'query';
  const required = p.required === true;
  const fix = PARAMETER_FIXES.find((f) => f.operation === operation && f.parameter === name);
  if (fix) return { name, in: where, required, list: fix.list === true, schema: fix.schema };
  const schema: Json = {};
  for (const [key, value] of Object.entries(p)) if (!PARAMETER_KEYS.has(key) && !key.startsWith('x-')) schema[key] = value;
  if (schema.format === 'csv') {
    const { format: _csv, enum: values, ...item } = schema;
    return { name, in: where, required, list: true, schema: { type: 'array', items: { ...item, ...(values ? { enum: values } : {}) } } };
  }
  return { name, in: where, required, list: false, schema };
}
