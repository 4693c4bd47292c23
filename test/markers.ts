/**
 * Fixture text with markers instead of counted columns: ⟦ and ⟧ around an expected range, ‸ at the cursor.
 * The markers are removed; their positions are returned as LSP-shaped ranges and positions.
 */
import { LineIndex } from '../server/src/language/text';
import type { Position, Range } from '../server/src/language/types';

export interface Marked {
  text: string;
  ranges: Range[];
  cursor?: Position;
}

export function marked(source: string): Marked {
  let text = '';
  const starts: number[] = [];
  const spans: [number, number][] = [];
  let cursor: number | undefined;
  for (const ch of source) {
    if (ch === '⟦') starts.push(text.length);
    else if (ch === '⟧') spans.push([starts.pop()!, text.length]);
    else if (ch === '‸') cursor = text.length;
    else text += ch;
  }
  const lines = new LineIndex(text);
  spans.sort((a, b) => a[0] - b[0]);
  return {
    text,
    ranges: spans.map(([s, e]) => lines.range(s, e - s)),
    cursor: cursor === undefined ? undefined : lines.positionAt(cursor),
  };
}

/** A segment file around a top group's members (the members' text is used as is). */
export function file(members: string, extra = ''): string {
  return `{
  "name": "Test segment",${extra}
  "segment_criteria": {
    "version": "1.0.0",
    "criteria": {
      "type": "and",
      "group": [
${members}
      ]
    }
  }
}
`;
}
