/** The repository's example segment files, for tests that deploy them to a sandbox. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSegmentFile, type SegmentFile } from '../../domain/src/segmentFile.js';

const root = new URL('../..', import.meta.url).pathname;

/** The examples the API accepts (try-the-quick-fix is kept broken on purpose). */
export const EXAMPLES = ['engaged-new-england', 'gold-customers-recently-added', 'hot-leads-and-donors', 'newsletter-non-openers'];

export function example(name: string): SegmentFile {
  return parseSegmentFile(readFileSync(join(root, 'examples', `${name}.segment.json`), 'utf8'), name);
}

/** The example's file with RI swapped for CT: a real edit that moves contacts both ways. */
export function editedExample(f: SegmentFile): SegmentFile {
  return { ...f, criteria: JSON.parse(JSON.stringify(f.criteria).replace('"RI"', '"CT"')) as Record<string, unknown>, criteriaJson: undefined };
}
