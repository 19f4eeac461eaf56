import type { Passage } from '../conversation/types.js';
import type { KnowledgeBase, RetrievalQuery } from '../ports/knowledge-base.js';

export interface KnowledgeRoutes {
  /** The service's configured source, for channels on `default`. */
  readonly defaultSource: KnowledgeBase;
  /** The local folder index, opened on first use when it is not the default. */
  local(): Promise<KnowledgeBase>;
  /** Bedrock Knowledge Bases, for channels that name one even when the default is local. */
  bedrock(): KnowledgeBase;
}

/**
 * Sends each query to the knowledge source its channel chose, so one service can answer one
 * channel from the local folder and another from a Bedrock knowledge base.
 */
export class KnowledgeRouter implements KnowledgeBase {
  constructor(private readonly routes: KnowledgeRoutes) {}

  async retrieve(query: RetrievalQuery): Promise<Passage[]> {
    switch (query.source?.kind) {
      case 'local':
        return (await this.routes.local()).retrieve(query);
      case 'bedrock':
        return this.routes.bedrock().retrieve(query);
      case 'default':
      case undefined:
        return this.routes.defaultSource.retrieve(query);
    }
  }
}
