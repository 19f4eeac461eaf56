/** A word or short phrase related in meaning to the one looked up, and how closely (0 to 1]. */
export interface RelatedWord {
  /** Lower case; a phrase has its words separated by single spaces. */
  readonly word: string;
  /** 1 for a synonym in the word's commonest sense; less for rarer senses and looser relations. */
  readonly weight: number;
}

/**
 * A general English lexical resource. Offline retrieval and the extractive answerer use it to
 * connect a question's words with the different words a document uses for the same thing ("ill"
 * and "sick"), always weighted below the words actually asked.
 */
export interface Thesaurus {
  /**
   * Words related to `word` (a single word or a phrase such as "time off", any inflection),
   * strongest first; never `word` itself. Empty for a word the resource does not know.
   */
  related(word: string): readonly RelatedWord[];

  /**
   * Words of the definition of `word`'s commonest sense ("eyeglasses": "a pair of lenses for
   * correcting defective vision"), strongest first, each weighted far below a synonym: weak
   * evidence of the same subject, for finding a passage that names the thing in other words.
   * Never `word` itself; empty for a word the resource does not know.
   */
  defining(word: string): readonly RelatedWord[];

  /**
   * How specific `word` (a word or phrase, any inflection) is in general English, from 1 for a
   * rare or unknown word ("tuition", "paycheck") down towards 0 for the commonest ("take", "see",
   * "time"). A question's common words say little about what it asks, so retrieval and the
   * answerer let its specific words count for more.
   */
  specificity(word: string): number;
}
