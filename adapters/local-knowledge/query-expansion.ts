import type { Thesaurus } from '../../src/ports/thesaurus.js';
import { questionTerms, relatedEntries } from '../../src/text/related-terms.js';

export interface ExpansionOptions {
  /** What a related word counts next to the asked word it stands for (times the thesaurus weight). */
  readonly weight: number;
  /**
   * The same for an asked word no document contains ("relocate" where the documents say "move"):
   * then a related word is the only way to find the passage, so it counts for more, though still
   * less than the word itself would.
   */
  readonly unknownWordWeight: number;
  /** Related index terms kept per asked term: the strongest ones. */
  readonly perTerm: number;
  /** Longest phrase (in words) looked up as one entry, for "time off" or "get together". */
  readonly maxPhraseWords: number;
  /**
   * Whether the words of a question word's definition stand in for it too ("lenses", "vision" for
   * "eyeglasses"), at the low weight the thesaurus gives them: a document may name the thing the
   * question describes, or describe the thing it names.
   */
  readonly definitions: boolean;
}

export const DEFAULT_EXPANSION: ExpansionOptions = {
  weight: 0.5,
  unknownWordWeight: 0.8,
  perTerm: 10,
  maxPhraseWords: 3,
  definitions: true,
};

/** One index term of the question, and the index terms that may stand in for it. */
export interface QueryConcept {
  readonly term: string;
  /** Related index term -> weight below 1 (`weight` times how close the thesaurus says it is). */
  readonly related: ReadonlyMap<string, number>;
}

/**
 * The question's index terms, each with the related terms the documents may use instead (see
 * `relatedEntries`). Each word of a related phrase counts on its own, sharing the phrase's weight.
 * Only terms that occur in the index (`inIndex`) and are specific enough to be worth searching
 * (`usable`) are kept: a related word no document uses cannot help.
 */
export function expandQuery(
  question: string,
  thesaurus: Thesaurus | undefined,
  inIndex: (term: string) => boolean,
  usable: (term: string) => boolean,
  options: ExpansionOptions = DEFAULT_EXPANSION,
): QueryConcept[] {
  const read = questionTerms(question);
  const candidates = new Map<string, Map<string, number>>([...read.asked].map((term) => [term, new Map()]));
  if (thesaurus === undefined) {
    return [...read.asked].map((term) => ({ term, related: new Map() }));
  }

  for (const entry of relatedEntries(read, thesaurus, options.maxPhraseWords, options.definitions)) {
    for (const term of entry.terms) {
      if (read.asked.has(term) || !inIndex(term) || !usable(term)) {
        continue;
      }
      for (const concept of entry.standsFor) {
        const map = candidates.get(concept);
        const base = inIndex(concept) ? options.weight : options.unknownWordWeight;
        const weight = (base * entry.weight) / entry.words;
        if (map !== undefined) {
          map.set(term, Math.max(map.get(term) ?? 0, weight));
        }
      }
    }
  }

  return [...candidates.entries()].map(([term, related]) => ({
    term,
    related: new Map([...related.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.perTerm)),
  }));
}
