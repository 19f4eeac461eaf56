import type { Thesaurus } from '../../src/ports/thesaurus.js';
import { ENGLISH_STOPWORDS } from './stopwords.js';
import { analyzeToken, tokenize } from './text-analysis.js';

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
}

export const DEFAULT_EXPANSION: ExpansionOptions = {
  weight: 0.5,
  unknownWordWeight: 0.8,
  perTerm: 10,
  maxPhraseWords: 3,
};

/** One index term of the question, and the index terms that may stand in for it. */
export interface QueryConcept {
  readonly term: string;
  /** Related index term -> weight below 1 (`weight` times how close the thesaurus says it is). */
  readonly related: ReadonlyMap<string, number>;
}

/**
 * The question's index terms, each with the related terms the documents may use instead. Words
 * are looked up one by one (stopwords excepted) and as short phrases, since English says much in
 * phrases whose words mean little alone ("get together", "time off"); a phrase's related words
 * stand in for each content term of the phrase. Only terms that occur in the index (`inIndex`)
 * and are specific enough to be worth searching (`usable`) are kept: a related word no document
 * uses cannot help.
 */
export function expandQuery(
  question: string,
  thesaurus: Thesaurus | undefined,
  inIndex: (term: string) => boolean,
  usable: (term: string) => boolean,
  options: ExpansionOptions = DEFAULT_EXPANSION,
): QueryConcept[] {
  const tokens = tokenize(question);
  const termsOfToken = tokens.map((token) => analyzeToken(token));
  const asked = new Set(termsOfToken.flat());
  const candidates = new Map<string, Map<string, number>>([...asked].map((term) => [term, new Map()]));
  if (thesaurus === undefined) {
    return [...asked].map((term) => ({ term, related: new Map() }));
  }

  // Acronyms keep their capitals, so the thesaurus may read "US" as a name; other words are lower-cased.
  const words = tokens.map((token) => (isAcronym(token) ? token : token.toLowerCase()).replaceAll('’', "'"));
  const lookUp = (lookup: string, standsFor: readonly string[]): void => {
    if (standsFor.length === 0) {
      return;
    }

    for (const related of thesaurus.related(lookup)) {
      const relatedWords = related.word.split(' ');
      for (const term of new Set(relatedWords.flatMap((word) => analyzeToken(word)))) {
        if (asked.has(term) || !inIndex(term) || !usable(term)) {
          continue;
        }
        for (const concept of standsFor) {
          const map = candidates.get(concept);
          const base = inIndex(concept) ? options.weight : options.unknownWordWeight;
          // A phrase's words share its weight: "fellow worker" is not two full matches.
          const weight = (base * related.weight) / relatedWords.length;
          if (map !== undefined) {
            map.set(term, Math.max(map.get(term) ?? 0, weight));
          }
        }
      }
    }
  };

  words.forEach((word, index) => {
    // Words the analysis keeps: not stopwords, except acronyms that spell one ("US").
    if (/^\p{L}/u.test(word) && (termsOfToken[index] ?? []).length > 0) {
      lookUp(word, termsOfToken[index] ?? []);
    }
    for (let length = 2; length <= options.maxPhraseWords && index + length <= words.length; length += 1) {
      const phrase = words.slice(index, index + length);
      if (!phrase.every((part) => ENGLISH_STOPWORDS.has(part.toLowerCase()))) {
        lookUp(phrase.join(' '), termsOfToken.slice(index, index + length).flat());
      }
    }
  });

  return [...candidates.entries()].map(([term, related]) => ({
    term,
    related: new Map([...related.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.perTerm)),
  }));
}

function isAcronym(token: string): boolean {
  return token.length >= 2 && /^[\p{Lu}\p{N}]+$/u.test(token) && /\p{Lu}/u.test(token);
}
