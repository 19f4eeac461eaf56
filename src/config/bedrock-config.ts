import { z } from 'zod';
import { optionalString, optionalUrl, positiveInt } from './environment.js';
import { booleanVariable, jsonVariable } from './json-env.js';

const knowledgeBaseId = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z
    .string()
    .regex(/^[0-9A-Za-z]{10}$/, 'must be a 10-character Bedrock knowledge base id')
    .optional(),
);

const guardrailVersion = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z
    .string()
    .regex(/^(DRAFT|[1-9][0-9]{0,7})$/, 'must be DRAFT or a version number')
    .optional(),
);

const optionalCount = (max: number) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(max).optional());

const priceSchema = z
  .object({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0) })
  .strict();

/** `{ "s3://bucket/prefix/": "https://intranet.example.com/docs/" }`: where users open an S3 document. */
const sourceUrlsSchema = z.record(
  z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,62}\//, 'keys must be s3://bucket/ prefixes'),
  z.url({ protocol: /^https?$/ }),
);

/**
 * Amazon Bedrock: knowledge base retrieval, the answering model and guardrails. Each part is used
 * when its id is set; the local default serves whatever is not configured.
 */
export const bedrockConfigSchema = z
  .object({
    BEDROCK_REGION: optionalString,
    BEDROCK_KNOWLEDGE_BASE_ID: knowledgeBaseId,
    BEDROCK_MODEL_ID: optionalString,
    BEDROCK_GUARDRAIL_ID: optionalString,
    BEDROCK_GUARDRAIL_VERSION: guardrailVersion,
    BEDROCK_RUNTIME_ENDPOINT: optionalUrl,
    BEDROCK_AGENT_RUNTIME_ENDPOINT: optionalUrl,
    BEDROCK_NUMBER_OF_RESULTS: optionalCount(100),
    BEDROCK_SEARCH_TYPE: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['HYBRID', 'SEMANTIC']).optional()),
    BEDROCK_RERANKING_MODEL: optionalString,
    BEDROCK_RERANKING_CANDIDATES: positiveInt(25, 100),
    BEDROCK_RETRIEVE_AND_GENERATE: booleanVariable(false),
    BEDROCK_SOURCE_URLS: jsonVariable(sourceUrlsSchema, {}),
    BEDROCK_MODEL_PRICES: jsonVariable(z.record(z.string().min(1), priceSchema), {}),
    BEDROCK_ANSWER_MAX_TOKENS: positiveInt(1024, 64_000),
    BEDROCK_MAX_ATTEMPTS: positiveInt(4, 10),
    BEDROCK_TIMEOUT_MS: positiveInt(60_000, 600_000),
  })
  .superRefine((env, context) => {
    if ((env.BEDROCK_GUARDRAIL_ID === undefined) !== (env.BEDROCK_GUARDRAIL_VERSION === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['BEDROCK_GUARDRAIL_VERSION'],
        message: 'BEDROCK_GUARDRAIL_ID and BEDROCK_GUARDRAIL_VERSION are set together',
      });
    }
    if (env.BEDROCK_RETRIEVE_AND_GENERATE && (env.BEDROCK_KNOWLEDGE_BASE_ID === undefined || env.BEDROCK_MODEL_ID === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['BEDROCK_RETRIEVE_AND_GENERATE'],
        message: 'needs BEDROCK_KNOWLEDGE_BASE_ID and BEDROCK_MODEL_ID',
      });
    }
  })
  .transform((env) => ({
    /** Unset: the service's AWS_REGION. */
    region: env.BEDROCK_REGION,
    knowledgeBaseId: env.BEDROCK_KNOWLEDGE_BASE_ID,
    modelId: env.BEDROCK_MODEL_ID,
    guardrail:
      env.BEDROCK_GUARDRAIL_ID !== undefined && env.BEDROCK_GUARDRAIL_VERSION !== undefined
        ? { id: env.BEDROCK_GUARDRAIL_ID, version: env.BEDROCK_GUARDRAIL_VERSION }
        : undefined,
    runtimeEndpoint: env.BEDROCK_RUNTIME_ENDPOINT,
    agentRuntimeEndpoint: env.BEDROCK_AGENT_RUNTIME_ENDPOINT,
    retrieval: {
      /** Unset: RETRIEVAL_LIMIT. */
      numberOfResults: env.BEDROCK_NUMBER_OF_RESULTS,
      searchType: env.BEDROCK_SEARCH_TYPE,
      rerankingModel: env.BEDROCK_RERANKING_MODEL,
      rerankingCandidates: env.BEDROCK_RERANKING_CANDIDATES,
    },
    retrieveAndGenerate: env.BEDROCK_RETRIEVE_AND_GENERATE,
    sourceUrls: env.BEDROCK_SOURCE_URLS,
    prices: env.BEDROCK_MODEL_PRICES,
    answerMaxTokens: env.BEDROCK_ANSWER_MAX_TOKENS,
    maxAttempts: env.BEDROCK_MAX_ATTEMPTS,
    timeoutMs: env.BEDROCK_TIMEOUT_MS,
  }));

export type BedrockConfig = z.output<typeof bedrockConfigSchema>;
