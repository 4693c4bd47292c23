/**
 * `segment-criteria check FILE|DIR... [--strict]`: the language service's diagnostics, one line each,
 * `path:line:col: severity CODE message` (1-based), or JSON with --format json, a SARIF 2.1.0 log with
 * --format sarif (code scanning), GitHub Actions annotations with --format github. Offline: the same answer
 * everywhere. --strict makes criteria this product does not check (unknown sources) errors. Exit 1 when
 * any error was found, 2 when a file could not be read (missing, not a regular file, not UTF-8).
 */
import { validate, type SegmentDiagnostic } from '../../../server/src/language/service';
import { withoutBom } from '../../../server/src/language/text';
import { UsageError } from '../usage';
import { githubAnnotation, githubUnreadAnnotation } from './formats/github';
import { sarifLog, type UnreadFile } from './formats/sarif';
import { readSegmentText, UnreadableFileError } from './readSegmentText';
import { segmentFiles } from './segmentFiles';

const SEVERITY_WORD: Record<SegmentDiagnostic['severity'], string> = { error: 'error', warning: 'warning', info: 'info', hint: 'info' };

export function formatDiagnostic(path: string, d: SegmentDiagnostic): string {
  return `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_WORD[d.severity]} ${d.code} ${d.message}`;
}

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

function formatOf(v: string | undefined): Format {
  if (!FORMATS.includes(v as Format)) throw new UsageError('--format takes "text", "json", "sarif" or "github".');
  return v as Format;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

export async function check(argv: string[]): Promise<number> {
  let format: Format = 'text';
  let strict = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--strict') strict = true;
    else if (a === '--format') format = formatOf(argv[++i]);
    else if (a.startsWith('--format=')) format = formatOf(a.slice('--format='.length));
    else if (a.startsWith('-')) {
      throw new UsageError(`Unknown option ${a} for check.`);
    } else paths.push(a);
  }
  if (paths.length === 0) throw new UsageError('Name the segment files or folders to check, e.g. segment-criteria check segments/');
  const { files, missing, problems } = await segmentFiles(paths);
  let failed = missing.length > 0 || problems.length > 0;
  let errors = 0;
  const results: { file: string; diagnostics: SegmentDiagnostic[] }[] = [];
  // What could not be checked: said on stderr in every format, and inside the SARIF log or as annotations too.
  const unread: UnreadFile[] = [];
  const cannot = (u: UnreadFile) => {
    unread.push(u);
    process.stderr.write(`segment-criteria: ${u.message}\n`);
  };
  for (const m of missing) cannot({ file: m, message: `${m}: no such file or folder.` });
  for (const p of problems) cannot({ message: p });
  for (const file of files) {
    let text: string;
    try {
      text = readSegmentText(file);
    } catch (e) {
      cannot({ file, message: e instanceof UnreadableFileError ? e.message : `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).` });
      failed = true;
      continue;
    }
    const shown = file;
    // Positions as an editor shows them: a byte order mark is not a column.
    const diagnostics = validate(withoutBom(text), { strict });
    errors += diagnostics.filter((d) => d.severity === 'error').length;
    results.push({ file: shown, diagnostics });
  }
  if (format === 'json') {
    process.stdout.write(
      JSON.stringify(
        results.map((r) => ({ file: r.file, diagnostics: r.diagnostics.map((d) => ({ line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1, severity: SEVERITY_WORD[d.severity], code: d.code, message: d.message })) })),
        null,
        2,
      ) + '\n',
    );
  } else if (format === 'sarif') {
    process.stdout.write(JSON.stringify(sarifLog({ checked: results, unread, cwd: process.cwd(), version: VERSION }), null, 2) + '\n');
  } else if (format === 'github') {
    const cwd = process.cwd();
    for (const u of unread) process.stdout.write(githubUnreadAnnotation(u.message, cwd, u.file) + '\n');
    for (const r of results) for (const d of r.diagnostics) process.stdout.write(githubAnnotation(r.file, d, cwd) + '\n');
  } else {
    for (const r of results) for (const d of r.diagnostics) process.stdout.write(formatDiagnostic(r.file, d) + '\n');
  }
  // In every format: a CI check of a folder that holds no segment files should not pass unnoticed.
  if (files.length === 0 && !failed) process.stderr.write('segment-criteria: no *.segment.json files found.\n');
  if (failed) return 2;
  return errors > 0 ? 1 : 0;
}
