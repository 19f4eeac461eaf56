import type { Passage } from '../conversation/types.js';

export interface RetrievalQuery {
  /** The person's question, as asked. */
  readonly text: string;
  /**
   * Words from the conversation so far (earlier questions, the summary) that give a follow-up
   * its subject; weighted below `text` by the implementation.
   */
  readonly context?: string;
  readonly limit: number;
}

/** A source of passages: the local index by default, a Bedrock Knowledge Base in production. */
export interface KnowledgeBase {
  retrieve(query: RetrievalQuery): Promise<Passage[]>;
}
