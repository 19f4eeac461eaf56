import type { KnowledgeBaseVectorSearchConfiguration, RetrievalFilter, SearchType } from '@aws-sdk/client-bedrock-agent-runtime';
import type { RetrievalQuery } from '../../src/ports/knowledge-base.js';

/** The service-wide retrieval defaults (BEDROCK_* configuration). */
export interface RetrievalDefaults {
  readonly knowledgeBaseId?: string;
  readonly numberOfResults?: number;
  readonly searchType?: 'HYBRID' | 'SEMANTIC';
  /** A reranking model id or ARN; retrieval then fetches `rerankingCandidates` and keeps the best. */
  readonly rerankingModel?: string;
  readonly rerankingCandidates: number;
}

/** Which knowledge base to ask, and how, once the channel's setting and the defaults are merged. */
export interface KnowledgeTarget {
  readonly knowledgeBaseId: string;
  readonly numberOfResults: number;
  readonly searchType?: SearchType;
  readonly filter?: RetrievalFilter;
}

/**
 * The channel's Bedrock settings over the service's defaults; undefined when the query is for
 * another source (a local collection) or no knowledge base is configured for it.
 */
export function knowledgeTarget(query: RetrievalQuery, defaults: RetrievalDefaults): KnowledgeTarget | undefined {
  const source = query.source;
  if (source?.kind === 'local') {
    return undefined;
  }
  if (source?.kind === 'bedrock') {
    const searchType = source.searchType ?? defaults.searchType;
    return {
      knowledgeBaseId: source.knowledgeBaseId,
      numberOfResults: source.numberOfResults ?? defaults.numberOfResults ?? query.limit,
      ...(searchType !== undefined ? { searchType } : {}),
      // The settings schema accepts any object here; Bedrock validates the filter and says what is wrong.
      ...(source.filter !== undefined ? { filter: source.filter as unknown as RetrievalFilter } : {}),
    };
  }
  if (defaults.knowledgeBaseId === undefined) {
    return undefined;
  }
  return {
    knowledgeBaseId: defaults.knowledgeBaseId,
    numberOfResults: defaults.numberOfResults ?? query.limit,
    ...(defaults.searchType !== undefined ? { searchType: defaults.searchType } : {}),
  };
}

/** The ARN Bedrock wants for a reranking model; a bare model id names a foundation model in `region`. */
export function rerankingModelArn(model: string, region: string): string {
  return model.startsWith('arn:') ? model : `arn:aws:bedrock:${region}::foundation-model/${model}`;
}

/** Retrieve's search settings for a target; with reranking, more candidates are read than kept. */
export function vectorSearchConfiguration(
  target: KnowledgeTarget,
  defaults: RetrievalDefaults,
  region: string,
): KnowledgeBaseVectorSearchConfiguration {
  const base = {
    ...(target.searchType !== undefined ? { overrideSearchType: target.searchType } : {}),
    ...(target.filter !== undefined ? { filter: target.filter } : {}),
  };
  if (defaults.rerankingModel === undefined) {
    return { ...base, numberOfResults: target.numberOfResults };
  }
  return {
    ...base,
    numberOfResults: Math.max(defaults.rerankingCandidates, target.numberOfResults),
    rerankingConfiguration: {
      type: 'BEDROCK_RERANKING_MODEL',
      bedrockRerankingConfiguration: {
        modelConfiguration: { modelArn: rerankingModelArn(defaults.rerankingModel, region) },
        numberOfRerankedResults: target.numberOfResults,
      },
    },
  };
}
