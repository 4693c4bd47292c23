/** Writes schemas/segment.schema.json from the vocabulary (`npm run gen:schema`). A test fails on drift. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema } from '../server/src/language/schemaDefinition';

export function schemaText(): string {
  return JSON.stringify(buildSchema(), null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = new URL('../schemas/segment.schema.json', import.meta.url);
  writeFileSync(out, schemaText());
  console.log(`wrote ${fileURLToPath(out)}`);
}
