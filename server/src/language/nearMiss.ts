/**
 * Near misses: a word the user meant as one of the language's own words, found by the closest-name match
 * or in the vocabulary's table of synonyms. A near miss is an error with a fix; an unknown source that is
 * no near miss may be one the web UI makes (ecommerce activity, whose wire format is unpublished), so it is
 * left unchecked instead.
 */
import { closest } from './text';
import { SOURCE_IDS, SYNONYMS } from './vocabulary';

/** Case, spaces, underscores and dashes carry no meaning here: "Not_Equals" is "not equals". */
function normal(word: string): string {
  return word.toLowerCase().replace(/[\s_-]+/g, '');
}

export interface NearMiss {
  word: string;
  /** `synonym`: another way to say it ("equals", "StartsWith"); `spelling`: a typo ("trackng"). */
  how: 'synonym' | 'spelling';
}

/**
 * The word of `allowed` that `word` stands for: written differently ("StartsWith"), as a synonym
 * ("equals"), or with a typo ("trackng"). Undefined when `word` is already allowed or is none of these.
 */
export function nearMiss(word: string, allowed: readonly string[], synonyms: Partial<Record<string, readonly string[]>> = {}): NearMiss | undefined {
  if (allowed.includes(word)) return undefined;
  const n = normal(word);
  if (n === '') return undefined;
  const named = allowed.find((id) => normal(id) === n || (synonyms[id] ?? []).some((s) => normal(s) === n));
  if (named) return { word: named, how: 'synonym' };
  const typo = closest(word, allowed);
  return typo === undefined ? undefined : { word: typo, how: 'spelling' };
}

/** The known source a criterion's `source` stands for, when it is a near miss of one. */
export function nearSource(source: string): string | undefined {
  return nearMiss(source, SOURCE_IDS, SYNONYMS.source)?.word;
}

/**
 * Whether a `source` is left unchecked: a name this product does not know and that is not a near miss of
 * one it does. Such criteria are kept as written and checked by Constant Contact on deploy.
 */
export function isUncheckedSource(source: unknown): source is string {
  return typeof source === 'string' && source.trim() !== '' && !SOURCE_IDS.includes(source as never) && nearSource(source) === undefined;
}
