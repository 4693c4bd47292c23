/**
 * Whether a document may leave the machine (deploy and its dry run, plan and apply, escape, draft previews
 * and counts, audience comparisons), read from its diagnostics: not with an error, nor when the checker did
 * not read it through (too large, or nested too deep), whatever the severity settings say. The one rule the
 * CLI, the plan and the extension's gate apply. Plain data only, so the extension can read the server's
 * answer without a checker.
 */
import type { Code, SegmentDiagnostic } from './types';

/** Codes that say the checker did not read the document through: nothing else about it is known. */
export const NOT_CHECKED: ReadonlySet<Code> = new Set<Code>(['too-large', 'too-deep']);

/**
 * The diagnostics that keep a document from being sent, as errors: its errors, and any saying it was not
 * checked (a warning in the Problems panel, or lowered by a setting, it is an error at the gate).
 */
export function blocking<D extends Pick<SegmentDiagnostic, 'code' | 'severity'>>(diagnostics: readonly D[]): D[] {
  return diagnostics.filter((d) => d.severity === 'error' || NOT_CHECKED.has(d.code)).map((d) => (d.severity === 'error' ? d : { ...d, severity: 'error' }));
}
