/**
 * `npm run bench:large`: what a 9 MB document costs the server. Opens a typical document and a 9 MB one,
 * edits the large one a few times and, while each edit is being checked, hovers in the typical one; then
 * closes the large one. Prints the edit → diagnostics time, how long the hover waited, and the resident
 * memory after the edits and after the close. A benchmark, not a test: nothing here asserts on time.
 *
 * Options: --quick (fewer edits).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stressDocument, typicalDocument } from './documents';
import { LspServer, median, type ServerSpec } from './lsp-client';

const root = fileURLToPath(new URL('..', import.meta.url));
const MB = 1024 * 1024;
const edits = process.argv.includes('--quick') ? 3 : 6;
const spec: ServerSpec = { name: 'ours', script: join(root, 'dist/server.js'), args: ['--stdio'], languageId: 'segment-json' };

const small = typicalDocument();
const large = stressDocument(9 * MB);
const smallUri = 'file:///bench/typical.segment.json';
const largeUri = 'file:///bench/large.segment.json';
const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / MB).toFixed(0)} MB`);

async function main(): Promise<void> {
  const server = await LspServer.start(spec, 'file:///bench', 300_000);
  try {
    await server.open(smallUri, small.text);
    const start = performance.now();
    await server.open(largeUri, large.text);
    console.log(`open → diagnostics (${mb(large.text.length)}, ${server.diagnosticMode}): ${(performance.now() - start).toFixed(0)} ms`);
    const editMs: number[] = [];
    const hoverMs: number[] = [];
    for (let i = 0; i < edits; i++) {
      // A new text each time (a, b, c… in a string value), as typing makes: no cache holds it yet.
      const checked = server.change(largeUri, large.edit.offset, large.edit.length, String.fromCharCode(97 + i));
      hoverMs.push(await server.hover(smallUri, small.completionOffset));
      editMs.push((await checked).ms);
    }
    console.log(`edit → diagnostics (median of ${edits}): ${median(editMs).toFixed(0)} ms`);
    console.log(`hover in another document during the check (median): ${median(hoverMs).toFixed(1)} ms`);
    console.log(`resident memory after the edits: ${mb(server.memory()?.rss)} (peak ${mb(server.memory()?.peak)})`);
    await server.close(largeUri);
    console.log(`resident memory right after the close: ${mb(server.memory()?.rss)}`);
    // A thread that checked the document ends asynchronously: give it a moment before the last figure.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(`resident memory 2 s after the close: ${mb(server.memory()?.rss)}`);
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
