import type { AppConfig } from '../config/app-config.js';
import { noopTracer, type Tracer } from '../ports/tracer.js';
import type { ModelDescription } from '../tracing/traced-language-model.js';
import type { TracedProcess } from '../../adapters/opentelemetry/index.js';

/**
 * The process's tracer: OTLP when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces endpoint) is set,
 * no-op otherwise. The OpenTelemetry packages are loaded only then, so a process that does not
 * trace does not even read them at start.
 */
export async function startProcessTracing(appConfig: Pick<AppConfig, 'telemetry'>, role: TracedProcess): Promise<Tracer> {
  if (appConfig.telemetry.tracesEndpoint === undefined) {
    return noopTracer;
  }
  const { startTracing } = await import('../../adapters/opentelemetry/index.js');
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
