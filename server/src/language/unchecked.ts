/**
 * The criteria this product leaves unchecked (unknown sources, such as the web UI's ecommerce criteria),
 * read from a document's `unchecked-source` diagnostics: previews name them, since the sandbox cannot
 * evaluate them. Plain data only, so the extension can read the server's answer without a checker.
 */
import type { SegmentDiagnostic } from './types';

/** A criterion this product leaves unchecked: its source, and where it is (1-based line). */
export interface UncheckedCriterion {
  source: string;
  line: number;
}

export function uncheckedOf(diagnostics: readonly SegmentDiagnostic[]): UncheckedCriterion[] {
  return diagnostics
    .filter((d) => d.code === 'unchecked-source')
    .map((d) => ({ source: String((d.data as { source?: unknown } | undefined)?.source), line: d.range.start.line + 1 }));
}
