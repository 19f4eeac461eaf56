import type { BedrockConfig } from '../config/bedrock-config.js';
import type { Logger } from '../logger.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { LanguageModel } from '../ports/language-model.js';
import {
  BedrockKnowledgeBase,
  BedrockLanguageModel,
  type BedrockClients,
  createBedrockClients,
  GuardrailGate,
  RetrieveAndGenerateModel,
} from '../../adapters/bedrock/index.js';
import { once } from '../once.js';
import type { Tracer } from '../ports/tracer.js';

export interface BedrockProviders {
  /** Retrieve against the configured knowledge base or the one a channel names. */
  knowledgeBase(): KnowledgeBase;
  /** The answering model when BEDROCK_MODEL_ID is set (RetrieveAndGenerate when chosen). */
  readonly model: LanguageModel | undefined;
  /** Applies the configured (or a channel's) guardrail around a model that cannot apply it itself. */
  guard(model: LanguageModel): LanguageModel;
  close(): void;
}

export interface BedrockWiringOptions {
  /** AWS_REGION, used when BEDROCK_REGION is unset. */
  readonly awsRegion: string;
  readonly logger: Logger;
  /** Shrinks retry waits (tests and benchmarks only). */
  readonly retryDelayScale?: number;
  /** ApplyGuardrail calls as spans; none without it. */
  readonly tracer?: Tracer;
}

/**
 * The Bedrock clients and adapters, made on first use: a service on the local knowledge folder
 * opens no AWS connection until a channel names a Bedrock knowledge base.
 */
export function createBedrockProviders(config: BedrockConfig, options: BedrockWiringOptions): BedrockProviders {
  const region = config.region ?? options.awsRegion;
  let opened: BedrockClients | undefined;
  const clients = once(() => {
    opened = createBedrockClients({
      region,
      ...(config.runtimeEndpoint !== undefined ? { runtimeEndpoint: config.runtimeEndpoint } : {}),
      ...(config.agentRuntimeEndpoint !== undefined ? { agentRuntimeEndpoint: config.agentRuntimeEndpoint } : {}),
      maxAttempts: config.maxAttempts,
      ...(options.retryDelayScale !== undefined ? { retryDelayScale: options.retryDelayScale } : {}),
      idleTimeoutMs: config.timeoutMs,
    });
    return opened;
  });
  const defaults = {
    ...(config.knowledgeBaseId !== undefined ? { knowledgeBaseId: config.knowledgeBaseId } : {}),
    ...(config.retrieval.numberOfResults !== undefined ? { numberOfResults: config.retrieval.numberOfResults } : {}),
    ...(config.retrieval.searchType !== undefined ? { searchType: config.retrieval.searchType } : {}),
    ...(config.retrieval.rerankingModel !== undefined ? { rerankingModel: config.retrieval.rerankingModel } : {}),
    rerankingCandidates: config.retrieval.rerankingCandidates,
  };
  const knowledgeBase = once(
    () => new BedrockKnowledgeBase({ client: clients().agentRuntime, region, defaults, sourceUrls: config.sourceUrls, timeoutMs: config.timeoutMs }),
  );

  let model: LanguageModel | undefined;
  if (config.modelId !== undefined) {
    const converse = new BedrockLanguageModel({
      client: clients().runtime,
      modelId: config.modelId,
      ...(config.guardrail !== undefined ? { guardrail: config.guardrail } : {}),
      answerMaxTokens: config.answerMaxTokens,
      prices: config.prices,
      timeoutMs: config.timeoutMs,
      ...(options.retryDelayScale !== undefined ? { retryDelayScale: options.retryDelayScale } : {}),
      logger: options.logger,
    });
    model = config.retrieveAndGenerate
      ? new RetrieveAndGenerateModel({
          client: clients().agentRuntime,
          region,
          modelId: config.modelId,
          ...(config.guardrail !== undefined ? { guardrail: config.guardrail } : {}),
          defaults,
          sourceUrls: config.sourceUrls,
          answerMaxTokens: config.answerMaxTokens,
          timeoutMs: config.timeoutMs,
          converse,
        })
      : converse;
  }
  return {
    knowledgeBase,
    model,
    guard: (inner) =>
      new GuardrailGate(inner, {
        client: () => clients().runtime,
        ...(config.guardrail !== undefined ? { guardrail: config.guardrail } : {}),
        timeoutMs: config.timeoutMs,
        ...(options.tracer !== undefined ? { tracer: options.tracer } : {}),
      }),
    close() {
      opened?.destroy();
    },
  };
}
