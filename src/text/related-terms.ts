import type { Thesaurus } from '../ports/thesaurus.js';
import { analyzeText, analyzeToken, isAcronym, tokenize } from './text-analysis.js';

/** A question read as the index reads it: its tokens and the terms each token stands for. */
export interface QuestionTerms {
  readonly tokens: readonly string[];
  readonly termsOfToken: readonly (readonly string[])[];
  /** Every term of the question. */
  readonly asked: ReadonlySet<string>;
}

export function questionTerms(question: string): QuestionTerms {
  const tokens = tokenize(question);
  const termsOfToken = tokens.map((token) => analyzeToken(token));
  return { tokens, termsOfToken, asked: new Set(termsOfToken.flat()) };
}

/** One word or phrase the thesaurus relates to a word or phrase of the question. */
export interface RelatedEntry {
  /** The question's terms the looked-up word or phrase stands for. */
  readonly standsFor: readonly string[];
  /** The related word's or phrase's distinct terms; empty when it is all stopwords. */
  readonly terms: readonly string[];
  /** How many words the related entry has: "fellow worker" is not two full matches. */
  readonly words: number;
  /** How close the thesaurus says it is, (0, 1]. */
  readonly weight: number;
}

/**
 * Everything the thesaurus relates to the question, in the order it was asked: each content word,
 * then each phrase of up to `maxPhraseWords` words starting there, since English says much in
 * phrases whose words mean little alone ("get together", "time off"). A phrase's related words
 * stand in for each content term of the phrase. Retrieval and the answerer both read a question
 * this way, and each decides what a related entry is worth to it. `withDefinitions` adds the words
 * of each word's and phrase's definition (`Thesaurus.defining`), as weak as the thesaurus says.
 */
export function relatedEntries(
  question: QuestionTerms,
  thesaurus: Thesaurus,
  maxPhraseWords: number,
  withDefinitions = false,
): RelatedEntry[] {
  const { tokens, termsOfToken } = question;
  // Acronyms keep their capitals, so the thesaurus may read "US" as a name; other words are lower-cased.
  const words = tokens.map((token) => (isAcronym(token) ? token : token.toLowerCase()).replaceAll('’', "'"));
  const entries: RelatedEntry[] = [];
  const lookUp = (lookup: string, standsFor: readonly string[]): void => {
    if (standsFor.length === 0) {
      return;
    }
    const defining = withDefinitions ? thesaurus.defining(lookup) : [];
    for (const related of [...thesaurus.related(lookup), ...defining]) {
      entries.push({
        standsFor,
        terms: [...new Set(analyzeText(related.word))],
        words: related.word.split(' ').length,
        weight: related.weight,
      });
    }
  };
  words.forEach((word, index) => {
    // Words the analysis keeps (not stopwords, except acronyms that spell one); numbers are not looked up.
    if (/^\p{L}/u.test(word)) {
      lookUp(word, termsOfToken[index] ?? []);
    }
    for (let length = 2; length <= maxPhraseWords && index + length <= words.length; length += 1) {
      lookUp(words.slice(index, index + length).join(' '), termsOfToken.slice(index, index + length).flat());
    }
  });
  return entries;
}
