/**
 * Parsed documents kept for reuse, so that a validate, a hover and a code action on one text parse it once.
 * Bounded by the total length of the texts, not by a count: a parsed tree costs about fifteen times its
 * text, so four 9 MB documents held hundreds of megabytes. The most recently used entry is always kept,
 * whatever its size (the document being edited); older ones go once the budget is passed.
 */
import { parseSegmentDocument, type SegmentDocument } from './document';
import { reparseStringEdit } from './stringEdit';

/** The total characters of text whose trees are kept, besides the most recent one. */
export const PARSE_CACHE_BUDGET_CHARS = 4 * 1024 * 1024;

export interface ParseCacheStats {
  documents: number;
  chars: number;
}

export class ParseCache {
  /** Most recently used first. */
  private readonly entries: { text: string; doc: SegmentDocument }[] = [];
  private chars = 0;
  /**
   * The tree of a text just replaced by an edit (see release), kept only until the next parse, which reuses
   * it when the edit was inside one string value.
   */
  private replaced: SegmentDocument | undefined;

  constructor(private readonly budgetChars = PARSE_CACHE_BUDGET_CHARS) {}

  parse(text: string): SegmentDocument {
    const at = this.entries.findIndex((e) => e.text === text);
    if (at >= 0) {
      const [hit] = this.entries.splice(at, 1);
      this.entries.unshift(hit!);
      return hit!.doc;
    }
    const base = this.replaced;
    this.replaced = undefined;
    const doc = (base && reparseStringEdit(base, text)) ?? parseSegmentDocument(text);
    this.entries.unshift({ text, doc });
    this.chars += text.length;
    while (this.entries.length > 1 && this.chars > this.budgetChars) this.chars -= this.entries.pop()!.text.length;
    return doc;
  }

  /**
   * Lets go of a text's tree: a closed document's, or (`edited`) one an edit just replaced, whose tree the
   * next parse may then reuse and change.
   */
  release(text: string, edited = false): void {
    const at = this.entries.findIndex((e) => e.text === text);
    if (at < 0) return;
    this.chars -= text.length;
    const [entry] = this.entries.splice(at, 1);
    if (edited) this.replaced = entry!.doc;
  }

  stats(): ParseCacheStats {
    return { documents: this.entries.length, chars: this.chars };
  }
}
