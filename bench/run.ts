/**
 * `npm run bench`: this product's language server side by side with VS Code's own JSON language server
 * (npm vscode-langservers-extracted), twice: given the plain anchor schema (bench/plain-segment.schema.json:
 * one branch per source; types, required keys, enums) and given this product's schema. On a typical segment,
 * one at the API's criteria cap and stress documents of 0.5, 1 and 3 MB. Prints each figure for the three
 * and the ratios ours/theirs (targets: edit → diagnostics on the cap document at most 0.5 of the plain
 * anchor; on the typical and 3 MB documents, and resident memory after the 3 MB one, at most 1.0), how the
 * stress cost grows, and the cold start (spawn → initialize → first diagnostics). Edits are timed after
 * untimed warm-up edits, in the same process. A benchmark, not a test: nothing here asserts on time.
 *
 * Options: --quick (fewer repetitions), --server PATH (another build of our server.js, e.g. an older one to
 * compare with).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { capDocument, formatSize, stressDocument, typicalDocument, type BenchDocument } from './documents';
import { measure, median, type Measurement, type ServerSpec } from './lsp-client';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const serverArg = args.indexOf('--server');
const productSchema = join(root, 'schemas/segment.schema.json');
const plainSchema = join(root, 'bench/plain-segment.schema.json');
const ourScript = serverArg >= 0 ? resolve(args[serverArg + 1]!) : join(root, 'dist/server.js');
const jsonPackage = require.resolve('vscode-langservers-extracted/package.json');
const jsonVersion = (JSON.parse(readFileSync(jsonPackage, 'utf8')) as { version: string }).version;

const ours: ServerSpec = { name: 'ours', script: ourScript, args: ['--stdio'], languageId: 'segment-json' };

// Configured as VS Code configures it for a file matched by a `jsonValidation` contribution.
const jsonServer = (name: string, schemaPath: string): ServerSpec => ({
  name,
  script: join(dirname(jsonPackage), 'bin/vscode-json-language-server'),
  args: ['--stdio'],
  languageId: 'json',
  initializationOptions: { provideFormatter: false, handledSchemaProtocols: ['file'] },
  configure: async (connection) => {
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: { json: { validate: { enable: true }, format: { enable: false } } } });
    await connection.sendNotification('json/schemaAssociations', [{ fileMatch: ['*.segment.json'], uri: pathToFileURL(schemaPath).href }]);
  },
});
const plain = jsonServer('json+plain', plainSchema);
const product = jsonServer('json+product', productSchema);

interface Plan {
  doc: BenchDocument;
  coldStarts: number;
  warmUpEdits: number;
  edits: number;
  completions: number;
  timeoutMs: number;
  stress: boolean;
  /**
   * Fresh processes measured per server. A garbage-collected server's resident memory after the runs
   * depends on when its last full collection happened (VS Code's JSON server held 144 to 300 MB after the
   * same runs on the 3 MB document), so that document is measured three times and the medians compared.
   */
  runs: number;
}

const MB = 1024 * 1024;
const plans: Plan[] = [
  { doc: typicalDocument(), coldStarts: quick ? 2 : 7, warmUpEdits: quick ? 10 : 40, edits: quick ? 10 : 40, completions: quick ? 5 : 30, timeoutMs: 20_000, stress: false, runs: 1 },
  { doc: capDocument(), coldStarts: quick ? 2 : 7, warmUpEdits: quick ? 10 : 40, edits: quick ? 10 : 40, completions: quick ? 5 : 30, timeoutMs: 20_000, stress: false, runs: 1 },
  // Stress edits take up to seconds each: fewer of them.
  ...[0.5, 1, 3].map((mb) => ({ doc: stressDocument(mb * MB), coldStarts: 1, warmUpEdits: quick ? 1 : 2, edits: quick ? 2 : 7, completions: quick ? 2 : 5, timeoutMs: 120_000, stress: true, runs: mb === 3 && !quick ? 3 : 1 })),
];

const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`) : 'n/a');
const mb = (bytes: number | undefined) => (bytes !== undefined && Number.isFinite(bytes) ? `${(bytes / MB).toFixed(1)} MB` : 'n/a');
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : 'n/a');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

const FIGURES: Array<[string, (m: Measurement) => number | undefined, (v: number | undefined) => string]> = [
  ['cold start → first diagnostics', (m) => m.coldStart, (v) => ms(v ?? NaN)],
  ['edit → diagnostics (median)', (m) => m.edit, (v) => ms(v ?? NaN)],
  ['completion at an op value (median)', (m) => m.completion, (v) => ms(v ?? NaN)],
  ['completion items offered', (m) => m.completionItems, (v) => String(v ?? 'n/a')],
  ['resident memory after the runs', (m) => m.memory?.rss, mb],
  ['peak resident memory', (m) => m.memory?.peak, mb],
];

interface Result {
  plan: Plan;
  ours?: Measurement;
  plain: Measurement;
  product: Measurement;
}

function sideBySide(results: Result[]): string {
  const rows = [['document', 'figure', 'ours', 'json+plain', 'json+product', 'ours/plain', 'ours/product']];
  for (const { plan, ours: o, plain: p, product: t } of results) {
    FIGURES.forEach(([name, get, fmt], i) => {
      const label = i === 0 ? `${plan.doc.label} (${formatSize(plan.doc.text.length)})` : '';
      const count = name === 'completion items offered';
      const r = (anchor: Measurement) => (count ? '' : o ? ratio(get(o), get(anchor)) : 'n/a');
      rows.push([label, name, o ? fmt(get(o)) : 'not built', fmt(get(p)), fmt(get(t)), r(p), r(t)]);
    });
  }
  return table(rows);
}

function growth(results: Result[]): string {
  const rows = [['server', 'size', 'cold start', 'edit → diags', 'per MB', 'completion', 'items', 'RSS', 'peak RSS', 'checked to the end']];
  for (const which of ['ours', 'plain', 'product'] as const) {
    for (const r of results) {
      const m = r[which];
      if (!m) continue;
      const size = r.plan.doc.text.length;
      rows.push([
        m.server,
        formatSize(size),
        ms(m.coldStart),
        ms(m.edit),
        ms(m.edit / (size / MB)),
        ms(m.completion),
        String(m.completionItems),
        mb(m.memory?.rss),
        mb(m.memory?.peak),
        m.error ? 'failed' : m.sawSentinel ? 'yes' : 'NO',
      ]);
    }
  }
  return table(rows);
}

/** The server's part of activation: spawn → initialize answered → the first diagnostics of an opened document. */
function coldStarts(results: Result[]): string {
  const rows = [['document', 'server', 'spawn → initialize', 'open → diagnostics', 'spawn → diagnostics', 'ratio to json+plain']];
  for (const r of results.filter((x) => !x.plan.stress)) {
    for (const m of [r.ours, r.plain, r.product]) {
      if (!m) continue;
      rows.push([r.plan.doc.label, m.server, ms(m.startup), ms(m.firstCheck), ms(m.coldStart), ratio(m.coldStart, r.plain.coldStart)]);
    }
  }
  return table(rows);
}

/** One server's measurements of one document: the first run's, with the medians of every run's edit, completion and memory. */
function combined(runs: Measurement[]): Measurement {
  const [first] = runs;
  if (runs.length === 1 || runs.some((m) => m.error)) return runs.find((m) => m.error) ?? first!;
  const rss = runs.map((m) => m.memory?.rss ?? NaN);
  return {
    ...first!,
    edit: median(runs.map((m) => m.edit)),
    completion: median(runs.map((m) => m.completion)),
    memory: { rss: median(rss), peak: median(runs.map((m) => m.memory?.peak ?? NaN)) },
    rssRuns: rss,
  };
}

async function runPreview(): Promise<void> {
  const { benchPreview } = await import('./preview');
  console.log('\nPreview throughput against the sandbox, its rate limit on (bench/preview.ts):');
  for (const line of await benchPreview(quick ? { contacts: 4_000 } : {})) console.log(line);
}

async function main() {
  const haveOurs = existsSync(ourScript);
  const size = (path: string) => formatSize(readFileSync(path, 'utf8').length);
  console.log(`Node ${process.version}; vscode-langservers-extracted ${jsonVersion}; plain schema ${size(plainSchema)}, product schema ${size(productSchema)}${quick ? '; --quick' : ''}`);
  if (!haveOurs) console.log(`${ourScript} is not built: measuring the JSON server alone.`);

  const rootUri = pathToFileURL(join(root, 'bench')).href;
  // One unmeasured run each first, so none pays for a cold disk cache or the first spawn of Node.
  const warmUp = { rootUri, uri: `${rootUri}/warm-up.segment.json`, coldStarts: 1, edits: 1, completions: 1, timeoutMs: 20_000 };
  for (const spec of haveOurs ? [ours, plain, product] : [plain, product]) await measure(spec, plans[0]!.doc, warmUp);

  const results: Result[] = [];
  for (const plan of plans) {
    const o = { rootUri, uri: `${rootUri}/${plan.doc.name}.segment.json`, ...plan };
    process.stderr.write(`measuring ${plan.doc.label} (${formatSize(plan.doc.text.length)})…\n`);
    // Runs alternate between the servers, so that a busy moment of the machine does not fall on one alone.
    const specs = haveOurs ? [ours, plain, product] : [plain, product];
    const runs = new Map<ServerSpec, Measurement[]>(specs.map((spec) => [spec, []]));
    for (let run = 0; run < plan.runs; run++) for (const spec of specs) runs.get(spec)!.push(await measure(spec, plan.doc, o));
    const [mine, p, t] = (haveOurs ? specs : [undefined, ...specs]).map((spec) => (spec ? combined(runs.get(spec)!) : undefined));
    results.push({ plan, plain: p!, product: t!, ...(mine ? { ours: mine } : {}) });
  }

  const [typical] = plans;
  console.log(
    `\nSide by side (diagnostics pulled when the server offers it; edits: median of ${typical!.edits} after ${typical!.warmUpEdits} untimed ones, same process; ratio below 1.0: ours is faster or smaller)\n`,
  );
  console.log(sideBySide(results.filter((r) => !r.plan.stress || r.plan.doc.text.length > 2 * MB)));
  console.log('\nStress: how the cost grows with the size (one `or` group of thousands of criteria, a planted mistake at the end)\n');
  console.log(growth(results.filter((r) => r.plan.stress)));
  console.log(`\nCold start, the server's part of activation (median of ${typical!.coldStarts} fresh processes each)\n`);
  console.log(coldStarts(results));

  console.log('\nNotes');
  for (const r of results) {
    for (const m of [r.ours, r.plain, r.product]) {
      if (!m) continue;
      const extra = m.error ? `FAILED: ${m.error}` : `cold start = ${ms(m.startup)} to initialize + ${ms(m.firstCheck)} open to diagnostics; ${m.diagnostics} diagnostics on open, ${m.completionItems} completion items, ${m.diagnosticMode} diagnostics, ${m.syncKind} sync`;
      console.log(`- ${r.plan.doc.label}, ${m.server}: ${extra}`);
      if (m.rssRuns) console.log(`    resident memory after the runs of each of ${m.rssRuns.length} fresh processes: ${m.rssRuns.map(mb).join(', ')} (the table shows the medians)`);
      for (const e of m.loggedErrors) console.log(`    logged: ${e}`);
    }
  }
  await runPreview();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
