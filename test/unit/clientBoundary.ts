/**
 * What of the server side the extension may carry and import: the protocol and the language's plain data,
 * never the checker (schema, validators, rules). Read by the bundle test and the layer test.
 */
export const CLIENT_MAY_USE: ReadonlySet<string> = new Set([
  'server/src/protocol.ts',
  'server/src/language/types.ts',
  'server/src/language/text.ts',
  'server/src/language/unchecked.ts',
  'server/src/language/limits.ts',
  'server/src/language/sendable.ts',
]);
