/**
 * The gate before a file leaves the machine: the language service's errors, and any note that it could not
 * check the file (see sendable.ts), printed as `check` prints them.
 */
import { blocking } from '../../../server/src/language/sendable';
import { validate, type ServiceOptions } from '../../../server/src/language/service';
import { withoutBom } from '../../../server/src/language/text';
import type { SegmentDiagnostic } from '../../../server/src/language/types';
import { formatDiagnostic } from './check';

/** A file's diagnostics at the positions an editor shows (after any BOM). */
export function fileDiagnostics(text: string, options: ServiceOptions = {}): SegmentDiagnostic[] {
  return validate(withoutBom(text), options);
}

/** The lines of the diagnostics that keep the file from being sent (none: it may be sent). */
export function errorLinesOf(path: string, diagnostics: SegmentDiagnostic[]): string[] {
  return blocking(diagnostics).map((d) => formatDiagnostic(path, d));
}

/** Error lines for a file (empty when it may be sent). */
export function errorLines(path: string, text: string, options: ServiceOptions = {}): string[] {
  return errorLinesOf(path, fileDiagnostics(text, options));
}
