import type { Thesaurus } from '../../src/ports/thesaurus.js';
import { contentTerms, wordsOf } from './content-terms.js';

/** One content term of the question and the terms that may stand in for it, with credit below 1. */
export interface QuestionConcept {
  readonly term: string;
  /** How specific the asked word is in general English (see `Thesaurus.specificity`); 1 without a thesaurus. */
  readonly specificity: number;
  /** Stand-ins: the terms of a related word or phrase (all must be present) and their credit. */
  readonly related: readonly RelatedTerms[];
}

export interface RelatedTerms {
  readonly terms: readonly string[];
  readonly credit: number;
}

/** Longest phrase (in words) looked up as one thesaurus entry ("time off", "get together"). */
const MAX_PHRASE_WORDS = 3;

/**
 * The question's content terms. With a thesaurus, each also carries the related terms a passage
 * may use instead ("sick" for "ill"), credited at `credit` times the thesaurus weight: a passage
 * that says it in other words covers the question, but less surely than one using its words.
 */
export function questionConcepts(
  question: string,
  thesaurus: Thesaurus | undefined,
  credit: number,
): QuestionConcept[] {
  const words = wordsOf(question);
  const termsOfWord = words.map((word) => contentTerms(word));
  const asked = new Set(termsOfWord.flat());
  const related = new Map<string, Map<string, RelatedTerms>>([...asked].map((term) => [term, new Map()]));
  if (thesaurus !== undefined) {
    const lookUp = (lookup: string, standsFor: readonly string[]): void => {
      for (const entry of thesaurus.related(lookup)) {
        const terms = [...new Set(contentTerms(entry.word))];
        // A related phrase stands in only as a whole: "domestic dog" is not "domestic".
        if (terms.length === 0 || terms.some((term) => asked.has(term))) {
          continue;
        }
        const key = terms.join(' ');
        for (const concept of standsFor) {
          const map = related.get(concept);
          const current = map?.get(key);
          if (map !== undefined && (current === undefined || current.credit < credit * entry.weight)) {
            map.set(key, { terms, credit: credit * entry.weight });
          }
        }
      }
    };
    // Acronyms keep their capitals, so the thesaurus may read "US" as a name; other words are lower-cased.
    const lower = words.map((word) =>
      /^[\p{Lu}\p{N}]+$/u.test(word) && /\p{Lu}/u.test(word) && word.length >= 2 ? word : word.toLowerCase(),
    );
    lower.forEach((word, index) => {
      // The stopword test of `contentTerms` decides: it keeps acronyms ("US") that spell one.
      if ((termsOfWord[index] ?? []).length > 0) {
        lookUp(word, termsOfWord[index] ?? []);
      }
      for (let length = 2; length <= MAX_PHRASE_WORDS && index + length <= lower.length; length += 1) {
        const phrase = lower.slice(index, index + length);
        const standsFor = termsOfWord.slice(index, index + length).flat();
        if (standsFor.length > 0) {
          lookUp(phrase.join(' '), standsFor);
        }
      }
    });
  }
  const specificity = new Map<string, number>();
  words.forEach((word, index) => {
    for (const term of termsOfWord[index] ?? []) {
      const value = thesaurus?.specificity(word) ?? 1;
      specificity.set(term, Math.max(specificity.get(term) ?? 0, value));
    }
  });
  return [...related.entries()].map(([term, map]) => ({
    term,
    specificity: specificity.get(term) ?? 1,
    related: [...map.values()],
  }));
}

/** How well a set of terms covers one concept: 1 for the term itself, else its best stand-in. */
export function conceptCredit(concept: QuestionConcept, terms: ReadonlySet<string>): number {
  if (terms.has(concept.term)) {
    return 1;
  }
  let best = 0;
  for (const related of concept.related) {
    if (related.credit > best && related.terms.every((term) => terms.has(term))) {
      best = related.credit;
    }
  }
  return best;
}
