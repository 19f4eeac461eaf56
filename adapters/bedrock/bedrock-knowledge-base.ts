import { type BedrockAgentRuntimeClient, RetrieveCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { MAX_QUERY_CHARS } from '../../src/answering/conversation-prompts.js';
import type { Passage } from '../../src/conversation/types.js';
import { StewardError } from '../../src/errors.js';
import type { KnowledgeBase, RetrievalQuery } from '../../src/ports/knowledge-base.js';
import { toBedrockError } from './bedrock-errors.js';
import { knowledgeTarget, type RetrievalDefaults, vectorSearchConfiguration } from './knowledge-target.js';
import { toPassages } from './retrieved-passages.js';
import type { SourceUrlMap } from './source-links.js';

export interface BedrockKnowledgeBaseOptions {
  readonly client: BedrockAgentRuntimeClient;
  readonly region: string;
  readonly defaults: RetrievalDefaults;
  readonly sourceUrls: SourceUrlMap;
  /** Deadline for one retrieval, retries included. */
  readonly timeoutMs: number;
}

/**
 * Passages from an Amazon Bedrock Knowledge Base (`Retrieve`): the core keeps control of the
 * prompt, the history and the citations. The channel's settings choose the knowledge base, its
 * metadata filter, the number of results and the search type; the service's are the defaults.
 */
export class BedrockKnowledgeBase implements KnowledgeBase {
  constructor(private readonly options: BedrockKnowledgeBaseOptions) {}

  async retrieve(query: RetrievalQuery): Promise<Passage[]> {
    const target = knowledgeTarget(query, this.options.defaults);
    if (target === undefined) {
      throw new StewardError('INTERNAL', 'No Bedrock knowledge base is configured for this query');
    }
    try {
      const response = await this.options.client.send(
        new RetrieveCommand({
          knowledgeBaseId: target.knowledgeBaseId,
          retrievalQuery: { text: queryText(query) },
          retrievalConfiguration: {
            vectorSearchConfiguration: vectorSearchConfiguration(target, this.options.defaults, this.options.region),
          },
        }),
        { abortSignal: AbortSignal.timeout(this.options.timeoutMs) },
      );
      return toPassages(response.retrievalResults ?? [], this.options.sourceUrls).slice(0, target.numberOfResults);
    } catch (error) {
      throw toBedrockError('Retrieve', error);
    }
  }
}

/**
 * The query text. A rewritten question stands alone; otherwise the conversation context is
 * appended so that a follow-up ("and for dental?") still carries its subject into the search.
 */
export function queryText(query: RetrievalQuery): string {
  const text = query.context !== undefined && query.context !== '' ? `${query.text}\n${query.context}` : query.text;
  return text.slice(0, MAX_QUERY_CHARS);
}
