/** The gate before a file leaves the machine: the language service's errors, printed as `check` prints them. */
import { validate, type ServiceOptions } from '../../../server/src/language/service';
import { formatDiagnostic } from './check';

/** Error lines for a file (empty when it may be sent). */
export function errorLines(path: string, text: string, options: ServiceOptions = {}): string[] {
  return validate(text, options)
    .filter((d) => d.severity === 'error')
    .map((d) => formatDiagnostic(path, d));
}
