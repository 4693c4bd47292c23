/** The gate before a file leaves the machine: the language service's errors, printed as `check` prints them. */
import { validate, type ServiceOptions } from '../../../server/src/language/service';
import { withoutBom } from '../../../server/src/language/text';
import { formatDiagnostic } from './check';

/** Error lines for a file (empty when it may be sent), at the positions an editor shows (after any BOM). */
export function errorLines(path: string, text: string, options: ServiceOptions = {}): string[] {
  return validate(withoutBom(text), options)
    .filter((d) => d.severity === 'error')
    .map((d) => formatDiagnostic(path, d));
}
