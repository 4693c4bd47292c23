/**
 * The numbers the API and the checker hold a segment file to, part of the vocabulary (vocabulary.ts
 * re-exports them) in a module of their own, so that the extension can read them without the rest.
 */
/** A segment's longest name, and the deepest nesting checked, alone: the extension reads only these. */
export const MAX_NAME_CHARS = 255;
export const MAX_NESTING = 64;

export const LIMITS = {
  /** The API refuses more campaigns than this (400). */
  maxCampaigns: 500,
  /** The web UI evaluates at most this many campaigns; more is allowed by the API but worth a note. */
  uiMaxCampaigns: 5,
  /** A date range or last-n-days window spans at most this many days (five years). */
  maxDays: 1825,
  /** `segment_criteria`, escaped to a string, is at most this many characters. */
  maxCriteriaChars: 20000,
  /**
   * A segment's name is at most this many characters, or the API answers 400. Counted as JavaScript counts
   * them (UTF-16 code units), by the checker, rename and the sandbox alike.
   */
  maxNameChars: MAX_NAME_CHARS,
  /** Default tracking date window when none is given: five years. */
  defaultWindowDays: 1825,
  /** Documents larger than this get one "too large to check" note instead of diagnostics. */
  maxDocumentChars: 10 * 1024 * 1024,
  /** Nesting deeper than this cannot be a segment; checking stops there (and never overflows the stack). */
  maxNesting: MAX_NESTING,
} as const;
