import type { Thesaurus } from '../../src/ports/thesaurus.js';
import { questionTerms, relatedEntries } from '../../src/text/related-terms.js';

/** One content term of the question and the terms that may stand in for it, with credit below 1. */
export interface QuestionConcept {
  readonly term: string;
  /** How specific the asked word is in general English (see `Thesaurus.specificity`); 1 without a thesaurus. */
  readonly specificity: number;
  /** Stand-ins: the terms of a related word or phrase (all must be present) and their credit. */
  readonly related: readonly RelatedTerms[];
  /**
   * The other terms read from the same word of the question: a hyphenated compound yields its
   * parts and the joined form ("twice-yearly": "twice", "year", "twiceyear"), each a concept.
   */
  readonly sameWord: readonly string[];
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
  const read = questionTerms(question);
  const related = new Map<string, Map<string, RelatedTerms>>([...read.asked].map((term) => [term, new Map()]));
  for (const entry of thesaurus === undefined ? [] : relatedEntries(read, thesaurus, MAX_PHRASE_WORDS)) {
    // A related phrase stands in only as a whole: "domestic dog" is not "domestic".
    if (entry.terms.length === 0 || entry.terms.some((term) => read.asked.has(term))) {
      continue;
    }
    const key = entry.terms.join(' ');
    for (const concept of entry.standsFor) {
      const map = related.get(concept);
      const current = map?.get(key);
      if (map !== undefined && (current === undefined || current.credit < credit * entry.weight)) {
        map.set(key, { terms: entry.terms, credit: credit * entry.weight });
      }
    }
  }
  const specificity = new Map<string, number>();
  const sameWord = new Map<string, Set<string>>();
  read.tokens.forEach((token, index) => {
    const terms = read.termsOfToken[index] ?? [];
    for (const term of terms) {
      const value = thesaurus?.specificity(token) ?? 1;
      specificity.set(term, Math.max(specificity.get(term) ?? 0, value));
      const others = sameWord.get(term) ?? new Set<string>();
      terms.filter((other) => other !== term).forEach((other) => others.add(other));
      sameWord.set(term, others);
    }
  });
  return [...related.entries()].map(([term, map]) => ({
    term,
    specificity: specificity.get(term) ?? 1,
    related: [...map.values()],
    sameWord: [...(sameWord.get(term) ?? [])],
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
