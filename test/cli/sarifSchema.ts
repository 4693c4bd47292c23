/**
 * The official SARIF 2.1.0 JSON schema (draft-07; test/fixtures/sarif/README.md says where it came from),
 * compiled with ajv. ajv-formats is not among the project's packages: the three formats the schema uses
 * are declared here.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** RFC 3986's characters: unreserved, reserved, or a percent-encoded octet; nothing else (no space, no raw `%`). */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

let compiled: ValidateFunction | undefined;

export function sarifValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => SCHEME.test(s) && URI_CHARS.test(s) && URL.canParse(s) });
  // A relative reference whose first segment holds a colon would read as a scheme (RFC 3986 §4.2).
  ajv.addFormat('uri-reference', { type: 'string', validate: (s: string) => URI_CHARS.test(s) && (SCHEME.test(s) || !/^[^/?#]*:/.test(s)) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  return (compiled = ajv.compile(schema));
}

/** Throws with ajv's errors when the log is not valid SARIF 2.1.0. */
export function assertValidSarif(log: unknown): void {
  const validate = sarifValidator();
  if (!validate(log)) throw new Error(`not valid SARIF 2.1.0:\n${JSON.stringify(validate.errors, null, 2)}`);
}
