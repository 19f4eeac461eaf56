import type { Passage } from '../../src/conversation/types.js';
import type { KnowledgeBase, RetrievalQuery } from '../../src/ports/knowledge-base.js';

/**
 * A tiny knowledge base for core tests: a passage matches when it shares a word with the question
 * (weight 2) or the context (weight 1). Records queries so tests can check what the core asked.
 */
export class KeywordKnowledgeBase implements KnowledgeBase {
  readonly queries: RetrievalQuery[] = [];

  constructor(private readonly passages: readonly Pick<Passage, 'source' | 'title' | 'text'>[]) {}

  retrieve(query: RetrievalQuery): Promise<Passage[]> {
    this.queries.push(query);
    const questionWords = words(query.text);
    const contextWords = words(query.context ?? '');
    const scored = this.passages.map((passage, i) => {
      const passageWords = words(`${passage.title} ${passage.text}`);
      let score = 0;
      for (const word of passageWords) {
        score += (questionWords.has(word) ? 2 : 0) + (contextWords.has(word) ? 1 : 0);
      }
      return { ...passage, id: `p${i}`, headingPath: [passage.title], score };
    });
    return Promise.resolve(
      scored
        .filter((p) => p.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, query.limit),
    );
  }
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? []);
}
