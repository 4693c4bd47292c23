/**
 * The `format`s the published spec uses, for ajv. ajv-formats is not among the project's packages and the
 * spec needs only these, so they are declared here: `date-time` is RFC 3339 with a time zone, as the API
 * writes its timestamps; `int32` bounds an integer, as Swagger 2.0 defines it.
 */
import type { Format } from 'ajv';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SPEC_FORMATS: Record<string, Format> = {
  date: { type: 'string', validate: (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(s)) },
  'date-time': { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) },
  uuid: { type: 'string', validate: (s: string) => UUID.test(s) },
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
};
