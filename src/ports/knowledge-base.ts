import type { KnowledgeSource } from '../channels/channel-settings.js';
import type { Passage } from '../conversation/types.js';

export interface RetrievalQuery {
  /** The question, as asked, or rewritten by the model into a standalone question. */
  readonly text: string;
  /**
   * Words from the conversation so far (earlier questions, the summary) that give a follow-up
   * its subject; weighted below `text` by the implementation. Absent when `text` was rewritten,
   * since the rewrite already carries the subject.
   */
  readonly context?: string;
  readonly limit: number;
  /**
   * The channel's knowledge setting (which source, and for Bedrock its knowledge base, filter,
   * number of results and search type). Absent or `default`: the service's configured source.
   */
  readonly source?: KnowledgeSource;
}

/** A source of passages: the local index by default, a Bedrock Knowledge Base in production. */
export interface KnowledgeBase {
  retrieve(query: RetrievalQuery): Promise<Passage[]>;
}
