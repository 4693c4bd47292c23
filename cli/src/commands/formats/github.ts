/**
 * `check --format github`: one GitHub Actions workflow command per diagnostic, which the runner turns into
 * an annotation on the file and line:
 * `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`. Values are escaped as the
 * runner unescapes them: `%`, CR and LF everywhere, and `:` and `,` in properties too, so a message or a
 * path holding them can neither end the command early nor start a second one.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { Severity } from '../../../../server/src/language/codes';
import type { SegmentDiagnostic } from '../../../../server/src/language/types';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The path as annotations want it: relative to the checkout (the working directory) when inside it, with forward slashes. */
function annotationPath(file: string, cwd: string): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  const shown = rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? file : rel;
  return sep === '\\' ? shown.split(sep).join('/') : shown;
}

export function githubAnnotation(file: string, d: SegmentDiagnostic, cwd: string): string {
  const props = [
    `file=${escapeProperty(annotationPath(file, cwd))}`,
    `line=${d.range.start.line + 1}`,
    `col=${d.range.start.character + 1}`,
    `endLine=${d.range.end.line + 1}`,
    `endColumn=${d.range.end.character + 1}`,
    `title=${escapeProperty(d.code)}`,
  ];
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`;
}

/** A file that could not be read, as an error annotation on it (or on the run, for what is not one file). */
export function githubUnreadAnnotation(message: string, cwd: string, file?: string): string {
  return `::error ${file === undefined ? '' : `file=${escapeProperty(annotationPath(file, cwd))},`}title=segment-criteria::${escapeData(message)}`;
}
