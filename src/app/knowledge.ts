import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../config/app-config.js';
import { type BedrockConfig, bedrockConfigSchema } from '../config/bedrock-config.js';
import type { CoreConfig } from '../config/core-config.js';
import { parseConfig } from '../config/environment.js';
import type { OpenAiCompatibleConfig } from '../config/openai-compatible-config.js';
import type { Logger } from '../logger.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { LanguageModel } from '../ports/language-model.js';
import type { IngestProgress } from '../../adapters/local-knowledge/ingest-progress.js';
import {
  createLocalKnowledgeBase,
  type IngestStats,
  type LocalKnowledgeBase,
  type LocalKnowledgeBaseOptions,
} from '../../adapters/local-knowledge/local-knowledge-base.js';
import { ExtractiveLanguageModel } from '../../adapters/local-model/extractive-language-model.js';
import { OpenAiCompatibleModel } from '../../adapters/openai-compatible/index.js';
import { WordNetThesaurus } from '../../adapters/wordnet/wordnet-thesaurus.js';
import { createBedrockProviders } from './bedrock-providers.js';
import { KnowledgeRouter } from '../knowledge/knowledge-router.js';
import type { Tracer } from '../ports/tracer.js';

/** The knowledge the project ships, used when no KNOWLEDGE_DIR is configured. */
export const SAMPLE_KNOWLEDGE_DIR = fileURLToPath(new URL('../../docs/sample-knowledge', import.meta.url));

export interface KnowledgeProviders {
  readonly knowledge: KnowledgeBase;
  readonly model: LanguageModel;
  /** The offline extractive answerer, for channels over a budget that says `local`. */
  readonly fallbackModel: LanguageModel;
  readonly description: string;
  /**
   * The local folder and what its first reading yielded, when it is the default source, so a
   * folder with no text can be reported before every question is answered "not found".
   */
  readonly defaultFolder?: { readonly dir: string; readonly stats: IngestStats };
  /** Re-reads the local knowledge folder, when it is in use (Bedrock syncs its own data sources). */
  refresh(): Promise<IngestStats | undefined>;
  /**
   * Closes model and knowledge base connections, and writes the local index's snapshot if one is
   * still waiting, so a process that ends next keeps it without waiting out its delay.
   */
  close(): Promise<void>;
}

/** The model providers' configuration slices; absent slices mean "not configured". */
export interface ModelProviderConfig {
  readonly bedrock?: BedrockConfig;
  readonly openAiCompatible?: OpenAiCompatibleConfig;
  /** Shrinks Bedrock retry waits (tests and benchmarks only). */
  readonly retryDelayScale?: number;
  /** Spans of provider calls made inside a model call (ApplyGuardrail); none without it. */
  readonly tracer?: Tracer;
}

/**
 * Chooses the providers. Knowledge: the Bedrock knowledge base when BEDROCK_KNOWLEDGE_BASE_ID is
 * set, the local folder otherwise. Model: Bedrock when BEDROCK_MODEL_ID is set, an
 * OpenAI-compatible server when OPENAI_COMPATIBLE_URL is, the extractive answerer otherwise. Each
 * channel may still pick another knowledge source (its settings), served by the router.
 */
export async function createKnowledgeProviders(
  config: Pick<CoreConfig, 'knowledgeDir'> & Partial<Pick<CoreConfig, 'awsRegion' | 'knowledgeCacheDir'>>,
  logger: Logger,
  providers: ModelProviderConfig = {},
  /** Told how reading the local folder goes, when it takes a while (the command line shows it). */
  onIngestProgress?: (progress: IngestProgress) => void,
): Promise<KnowledgeProviders> {
  // Unconfigured, the slice's defaults still serve a channel that names a Bedrock knowledge base.
  const bedrock = providers.bedrock ?? parseConfig(bedrockConfigSchema, {});
  const { openAiCompatible } = providers;
  const dir = config.knowledgeDir ?? SAMPLE_KNOWLEDGE_DIR;
  const bedrockProviders = createBedrockProviders(bedrock, {
    awsRegion: config.awsRegion ?? 'us-east-1',
    logger,
    ...(providers.retryDelayScale !== undefined ? { retryDelayScale: providers.retryDelayScale } : {}),
    ...(providers.tracer !== undefined ? { tracer: providers.tracer } : {}),
  });

  let local: Promise<OpenedFolder> | undefined;
  // One thesaurus for the local index and the extractive answerer: retrieval finds passages that
  // use other words, and the answerer then accepts them as answering the question.
  const thesaurus = new WordNetThesaurus();
  const openLocal = () =>
    (local ??= openLocalKnowledge({
      dir,
      logger,
      thesaurus,
      ...(config.knowledgeCacheDir !== undefined ? { cacheDir: config.knowledgeCacheDir } : {}),
      ...(onIngestProgress !== undefined ? { onProgress: onIngestProgress } : {}),
    }));
  const bedrockIsDefault = bedrock.knowledgeBaseId !== undefined;
  const defaultFolder = bedrockIsDefault ? undefined : await openLocal();
  const defaultSource: KnowledgeBase = defaultFolder
    ? defaultFolder.knowledgeBase
    : bedrock.retrieveAndGenerate
      ? retrievalInsideTheAnswer
      : bedrockProviders.knowledgeBase();

  const extractive = new ExtractiveLanguageModel({ thesaurus });
  const chosen = chooseModel(bedrockProviders.model, openAiCompatible, extractive, logger);
  // The Bedrock model applies guardrails in its own call; any other model gets them around it.
  const model =
    bedrockProviders.model !== undefined
      ? chosen
      : { ...chosen, model: bedrockProviders.guard(chosen.model) };
  return {
    knowledge: new KnowledgeRouter({
      defaultSource,
      local: async () => (await openLocal()).knowledgeBase,
      bedrock: () =>
        bedrock.retrieveAndGenerate ? retrievalInsideTheAnswer : bedrockProviders.knowledgeBase(),
    }),
    model: model.model,
    fallbackModel: extractive,
    description: `${bedrockIsDefault ? `Bedrock knowledge base ${bedrock.knowledgeBaseId}` : `local folder ${dir}`}, ${model.description}`,
    ...(defaultFolder ? { defaultFolder: { dir, stats: defaultFolder.stats } } : {}),
    refresh: async () => (local ? (await local).knowledgeBase.ingest() : undefined),
    close: async () => {
      bedrockProviders.close();
      // A folder that could not be opened has nothing to write.
      await local?.then(
        (opened) => opened.knowledgeBase.close(),
        () => undefined,
      );
    },
  };
}

/** The model provider slices of the whole configuration. */
export function modelProviderConfig(
  appConfig: Pick<AppConfig, 'bedrock' | 'openAiCompatible'>,
): ModelProviderConfig {
  return { bedrock: appConfig.bedrock, openAiCompatible: appConfig.openAiCompatible };
}

/** With RetrieveAndGenerate, Bedrock retrieves inside the answer call; nothing is fetched before it. */
const retrievalInsideTheAnswer: KnowledgeBase = { retrieve: () => Promise.resolve([]) };

function chooseModel(
  bedrockModel: LanguageModel | undefined,
  openAiCompatible: OpenAiCompatibleConfig | undefined,
  extractive: LanguageModel,
  logger: Logger,
): { model: LanguageModel; description: string } {
  if (bedrockModel !== undefined) {
    return { model: bedrockModel, description: 'Bedrock model' };
  }
  if (openAiCompatible?.url !== undefined && openAiCompatible.model !== undefined) {
    return {
      model: new OpenAiCompatibleModel({
        baseUrl: openAiCompatible.url,
        model: openAiCompatible.model,
        ...(openAiCompatible.apiKey !== undefined ? { apiKey: openAiCompatible.apiKey } : {}),
        maxTokens: openAiCompatible.maxTokens,
        maxAttempts: openAiCompatible.maxAttempts,
        timeoutMs: openAiCompatible.timeoutMs,
        tools: openAiCompatible.tools,
        logger,
      }),
      description: `model ${openAiCompatible.model} at ${openAiCompatible.url}`,
    };
  }
  return { model: extractive, description: 'extractive answerer' };
}

interface OpenedFolder {
  readonly knowledgeBase: LocalKnowledgeBase;
  readonly stats: IngestStats;
}

async function openLocalKnowledge(options: LocalKnowledgeBaseOptions): Promise<OpenedFolder> {
  const { knowledgeBase, stats } = await createLocalKnowledgeBase(options);
  const { dir, logger } = options;
  logger.info(
    {
      dir,
      files: stats.files,
      chunks: stats.chunks,
      skipped: stats.skipped.length,
      parsed: stats.parsed,
      fromCache: stats.fromCache,
      durationMs: stats.durationMs,
    },
    'knowledge folder indexed',
  );
  return { knowledgeBase, stats };
}
