/**
 * The file's shape: the guide's request shape and fragments (each with a fix to the file shape), criteria
 * pasted as an escaped string (checked inside, with a fix to readable JSON), a missing version, and the
 * API's cap on the escaped criteria's length.
 */
import { keyNode, type PlainValues, property, propertyNode, type SegmentDocument, spanOf } from '../document';
import { jsonLength } from '../jsonLength';
import { problem, type Problems } from '../problems';
import { CRITERIA_VERSION, LIMITS } from '../vocabulary';

export function checkShape(doc: SegmentDocument, out: Problems, values: PlainValues): void {
  const root = doc.outer.root;
  const view = doc.outer;
  if (doc.shape === 'request' && root) {
    const k = keyNode(property(root, 'criteria')!)!;
    out.add(
      problem(
        'request-shape',
        spanOf(view, k),
        'This is the guide\'s request shape, {name, criteria}: a segment file keeps the criteria under "segment_criteria": { "version": "1.0.0", "criteria": … }. Apply the fix to convert it.',
        { fix: 'request-to-file' },
      ),
    );
  } else if ((doc.shape === 'fragment-segment-criteria' || doc.shape === 'fragment-criteria') && root) {
    out.add(
      problem(
        'fragment-shape',
        spanOf(view, { ...root, length: 1 }),
        doc.shape === 'fragment-criteria'
          ? 'This is only the criteria tree: a segment file also needs a "name" and wraps the tree in "segment_criteria". Apply the fix to convert it.'
          : 'This is only the segment criteria: a segment file also needs a "name" and keeps this under "segment_criteria". Apply the fix to convert it.',
        { fix: doc.shape === 'fragment-criteria' ? 'criteria-to-file' : 'segment-criteria-to-file' },
      ),
    );
  } else if (doc.shape === 'unknown' && isCriteriaPropertyFragment(doc.text)) {
    out.add(
      problem(
        'fragment-shape',
        { offset: doc.text.indexOf('"criteria"'), length: '"criteria"'.length },
        'This is a fragment of the guide ("criteria": { … }): a segment file is an object with a "name" and "segment_criteria". Apply the fix to convert it.',
        { fix: 'property-fragment-to-file' },
      ),
    );
  }
  if (doc.shape === 'file-string-criteria' && root) {
    const sc = property(root, 'segment_criteria')!;
    out.add(
      problem(
        'criteria-as-string',
        spanOf(view, keyNode(sc)!),
        '"segment_criteria" is an escaped string, as the API sends it. It is checked as it is; apply the fix to turn it into readable JSON.',
        { fix: 'unescape-criteria' },
      ),
    );
  }
  const sc = doc.segmentCriteriaNode;
  if (sc && sc.type === 'object' && doc.criteriaView) {
    if (!property(sc, 'version')) {
      const k = keyNode(sc);
      out.add(
        problem('missing-version', spanOf(doc.criteriaView, k ?? { ...sc, length: 1 }), `"segment_criteria" has no "version": add "version": "${CRITERIA_VERSION}".`, {
          fix: 'add-version',
          inner: doc.criteriaView.inner,
        }),
      );
    }
    const length = (doc.criteriaView.clean ? jsonLength(sc) : undefined) ?? JSON.stringify(values.of(doc.criteriaView, sc)).length;
    if (length > LIMITS.maxCriteriaChars) {
      const mark = root && propertyNode(root, 'segment_criteria')?.children?.[0];
      out.add(
        problem(
          'criteria-too-long',
          mark ? spanOf(view, mark) : spanOf(doc.criteriaView, { ...sc, length: 1 }),
          `The criteria, escaped for the API, are ${length.toLocaleString('en-US')} characters: the API accepts at most ${LIMITS.maxCriteriaChars.toLocaleString('en-US')}. Split the segment or shorten its criteria.`,
          { length },
        ),
      );
    }
  }
}

/** The guide's fragments start with `"criteria": {` outside any object. */
export function isCriteriaPropertyFragment(text: string): boolean {
  return /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*"criteria"\s*:/.test(text);
}
