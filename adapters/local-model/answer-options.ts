/** The extractive answerer's thresholds and sizes; each was chosen by measuring the evaluation sets. */
export interface AnswerOptions {
  /** Most sentences quoted in one answer. */
  readonly maxSentences: number;
  /** Soft bound on the quoted text; the best sentence is always kept. */
  readonly maxChars: number;
  /**
   * Share of the question's content (weighted, see `termWeights`) that one passage must contain
   * for the passages to count as answering it.
   */
  readonly minCoverage: number;
  /** Below this coverage, the best passage must also stand out from the rest by this score gap. */
  readonly confidentCoverage: number;
  readonly minScoreGap: number;
  /**
   * A question in everyday words covers little of the passage that answers it, yet retrieval may
   * still put that passage far ahead of every other: when the first passage covers at least
   * `clearWinnerCoverage` and its score stands `clearWinnerGap` above the next, it is answered
   * although below `minCoverage`.
   */
  readonly clearWinnerCoverage: number;
  readonly clearWinnerGap: number;
  /**
   * A question word at least this specific in general English (`Thesaurus.specificity`; 1 for a
   * word WordNet's tagged corpus never uses) that no retrieved passage holds, not even as a
   * stand-in, means the passages are not about what is asked ("BIOS password on a *laptop*"):
   * the answerer refuses however much of the rest they cover.
   */
  readonly unmatchedSpecificity: number;
  /**
   * A question that asks for an amount, a time span, a rate or a moment (`expectedAnswerType`) is
   * answered from a first passage that holds one in a sentence sharing the question's words, when
   * it covers at least `typedAnswerCoverage` of the question and scores `typedAnswerGap` above the
   * next passage: what the question asks for is there, however it words the rest.
   */
  readonly typedAnswerCoverage: number;
  readonly typedAnswerGap: number;
  /**
   * Added to the score of a sentence that matches the question and holds what it asks for (an
   * amount for "how many", a time span for "how long": `expectedAnswerType`). An answer to such a
   * question must quote at least one sentence that does.
   */
  readonly answerTypeBonus: number;
  /** Weight of the conversation's words next to the question's when choosing sentences. */
  readonly contextWeight: number;
  /** Earlier questions taken as context for a follow-up. */
  readonly contextTurns: number;
  /**
   * How much a passage's related word (from the thesaurus) covers a question word, times the
   * thesaurus weight: less than the word itself, so other words have to fit the question better.
   */
  readonly relatedCredit: number;
  /**
   * A refusal shows up to this many of the closest passages as "may be related" sources, so the
   * person has somewhere to look; only passages covering at least `minRelatedCoverage` of the
   * question, so a question about something the documents never mention gets none.
   */
  readonly maxRelated: number;
  readonly minRelatedCoverage: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = {
  maxSentences: 5,
  maxChars: 700,
  minCoverage: 0.5,
  confidentCoverage: 0.75,
  minScoreGap: 0.1,
  clearWinnerCoverage: 0.4,
  clearWinnerGap: 0.45,
  unmatchedSpecificity: 0.9,
  typedAnswerCoverage: 0.2,
  typedAnswerGap: 0.2,
  answerTypeBonus: 0.15,
  contextWeight: 0.3,
  contextTurns: 2,
  relatedCredit: 0.6,
  maxRelated: 3,
  minRelatedCoverage: 0.2,
};
