import type { AppConfig } from '../config/app-config.js';
import type { Tracer } from '../ports/tracer.js';
import type { ModelDescription } from '../tracing/traced-language-model.js';
import { startTracing, type TracedProcess } from '../../adapters/opentelemetry/index.js';

/** The process's tracer: OTLP when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces endpoint) is set, no-op otherwise. */
export function startProcessTracing(appConfig: Pick<AppConfig, 'telemetry'>, role: TracedProcess): Tracer {
  return startTracing(appConfig.telemetry, role);
}

/** The offline answerer, in the GenAI conventions' provider and model attributes. */
export const EXTRACTIVE_MODEL: ModelDescription = { provider: 'steward', model: 'extractive' };

/**
 * The configured model as the GenAI conventions name it: Bedrock is `aws.bedrock`; a server that
 * speaks the OpenAI API (vLLM, Ollama, llama.cpp) is `openai`, the API it is called through.
 */
export function modelDescriptionOf(appConfig: Pick<AppConfig, 'bedrock' | 'openAiCompatible'>): ModelDescription {
  if (appConfig.bedrock.modelId !== undefined) {
    return { provider: 'aws.bedrock', model: appConfig.bedrock.modelId };
  }
  if (appConfig.openAiCompatible.url !== undefined && appConfig.openAiCompatible.model !== undefined) {
    return { provider: 'openai', model: appConfig.openAiCompatible.model };
  }
  return EXTRACTIVE_MODEL;
}
