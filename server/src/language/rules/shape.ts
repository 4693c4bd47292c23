/**
 * The file's shape: the guide's request shape and fragments (each with a fix to the file shape), criteria
 * pasted as an escaped string (checked inside, with a fix to readable JSON), a missing version, and the
 * API's cap on the escaped criteria's length.
 */
import { keyNode, plainValue, property, propertyNode, type SegmentDocument, spanOf } from '../document';
import type { Problems } from '../problems';
import { CRITERIA_VERSION, LIMITS } from '../vocabulary';

export function checkShape(doc: SegmentDocument, out: Problems): void {
  const root = doc.outer.root;
  const view = doc.outer;
  if (doc.shape === 'request' && root) {
    const k = keyNode(property(root, 'criteria')!)!;
    out.add({
      code: 'request-shape',
      severity: 'error',
      message: 'This is the guide\'s request shape, {name, criteria}: a segment file keeps the criteria under "segment_criteria": { "version": "1.0.0", "criteria": … }. Apply the fix to convert it.',
      span: spanOf(view, k),
      data: { fix: 'request-to-file' },
    });
  } else if ((doc.shape === 'fragment-segment-criteria' || doc.shape === 'fragment-criteria') && root) {
    out.add({
      code: 'fragment-shape',
      severity: 'error',
      message:
        doc.shape === 'fragment-criteria'
          ? 'This is only the criteria tree: a segment file also needs a "name" and wraps the tree in "segment_criteria". Apply the fix to convert it.'
          : 'This is only the segment criteria: a segment file also needs a "name" and keeps this under "segment_criteria". Apply the fix to convert it.',
      span: spanOf(view, { ...root, length: 1 }),
      data: { fix: doc.shape === 'fragment-criteria' ? 'criteria-to-file' : 'segment-criteria-to-file' },
    });
  } else if (doc.shape === 'unknown' && isCriteriaPropertyFragment(doc.text)) {
    out.add({
      code: 'fragment-shape',
      severity: 'error',
      message: 'This is a fragment of the guide ("criteria": { … }): a segment file is an object with a "name" and "segment_criteria". Apply the fix to convert it.',
      span: { offset: doc.text.indexOf('"criteria"'), length: '"criteria"'.length },
      data: { fix: 'property-fragment-to-file' },
    });
  }
  if (doc.shape === 'file-string-criteria' && root) {
    const sc = property(root, 'segment_criteria')!;
    out.add({
      code: 'criteria-as-string',
      severity: 'info',
      message: '"segment_criteria" is an escaped string, as the API sends it. It is checked as it is; apply the fix to turn it into readable JSON.',
      span: spanOf(view, keyNode(sc)!),
      data: { fix: 'unescape-criteria' },
    });
  }
  const sc = doc.segmentCriteriaNode;
  if (sc && sc.type === 'object' && doc.criteriaView) {
    if (!property(sc, 'version')) {
      const k = keyNode(sc);
      out.add({
        code: 'missing-version',
        severity: 'warning',
        message: `"segment_criteria" has no "version": add "version": "${CRITERIA_VERSION}".`,
        span: spanOf(doc.criteriaView, k ?? { ...sc, length: 1 }),
        data: { fix: 'add-version', inner: doc.criteriaView.inner },
      });
    }
    const escaped = JSON.stringify(plainValue(doc.criteriaView, sc));
    if (escaped.length > LIMITS.maxCriteriaChars) {
      const mark = root && propertyNode(root, 'segment_criteria')?.children?.[0];
      out.add({
        code: 'criteria-too-long',
        severity: 'error',
        message: `The criteria, escaped for the API, are ${escaped.length.toLocaleString('en-US')} characters: the API accepts at most ${LIMITS.maxCriteriaChars.toLocaleString('en-US')}. Split the segment or shorten its criteria.`,
        span: mark ? spanOf(view, mark) : spanOf(doc.criteriaView, { ...sc, length: 1 }),
        data: { length: escaped.length },
      });
    }
  }
}

/** The guide's fragments start with `"criteria": {` outside any object. */
export function isCriteriaPropertyFragment(text: string): boolean {
  return /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*"criteria"\s*:/.test(text);
}
