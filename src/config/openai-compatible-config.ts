import { z } from 'zod';
import { optionalString, optionalUrl, positiveInt } from './environment.js';
import { booleanVariable } from './json-env.js';

/**
 * A model served on the organisation's own machines behind an OpenAI-compatible chat completions
 * API (vLLM, Ollama, llama.cpp server). Used when the URL is set, with either knowledge source.
 */
export const openAiCompatibleConfigSchema = z
  .object({
    OPENAI_COMPATIBLE_URL: optionalUrl,
    OPENAI_COMPATIBLE_MODEL: optionalString,
    OPENAI_COMPATIBLE_API_KEY: optionalString,
    OPENAI_COMPATIBLE_MAX_TOKENS: positiveInt(1024, 64_000),
    OPENAI_COMPATIBLE_MAX_ATTEMPTS: positiveInt(3, 10),
    OPENAI_COMPATIBLE_TIMEOUT_MS: positiveInt(120_000, 600_000),
    /** Offer allowed actions as tools; only for servers and models that support tool calling. */
    OPENAI_COMPATIBLE_TOOLS: booleanVariable(false),
    /** Read only to refuse a second model provider at start, in every process that reads the configuration. */
    BEDROCK_MODEL_ID: optionalString,
  })
  .superRefine((env, context) => {
    if (env.OPENAI_COMPATIBLE_URL !== undefined && env.OPENAI_COMPATIBLE_MODEL === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['OPENAI_COMPATIBLE_MODEL'],
        message: 'is required with OPENAI_COMPATIBLE_URL',
      });
    }
    if (env.OPENAI_COMPATIBLE_URL !== undefined && env.BEDROCK_MODEL_ID !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['OPENAI_COMPATIBLE_URL'],
        message: 'and BEDROCK_MODEL_ID are both set: set one model provider, not both',
      });
    }
  })
  .transform((env) => ({
    /** The API base, e.g. http://gpu-01:8000/v1 (vLLM) or http://localhost:11434/v1 (Ollama). */
    url: env.OPENAI_COMPATIBLE_URL,
    model: env.OPENAI_COMPATIBLE_MODEL,
    apiKey: env.OPENAI_COMPATIBLE_API_KEY,
    maxTokens: env.OPENAI_COMPATIBLE_MAX_TOKENS,
    maxAttempts: env.OPENAI_COMPATIBLE_MAX_ATTEMPTS,
    timeoutMs: env.OPENAI_COMPATIBLE_TIMEOUT_MS,
    tools: env.OPENAI_COMPATIBLE_TOOLS,
  }));

export type OpenAiCompatibleConfig = z.output<typeof openAiCompatibleConfigSchema>;
