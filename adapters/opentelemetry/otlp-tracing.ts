import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { TelemetryConfig, TracesSampler } from '../../src/config/telemetry-config.js';
import { noopTracer, type Tracer } from '../../src/ports/tracer.js';
import { OpenTelemetryTracer } from './opentelemetry-tracer.js';

/** Which Steward process the spans come from; also its service name unless OTEL_SERVICE_NAME says otherwise. */
export type TracedProcess = 'web' | 'worker';

/**
 * The tracer a process runs with: OTLP over HTTP when an endpoint is configured, the no-op tracer
 * otherwise (no provider, exporter or timer is created, so tracing off costs nothing).
 */
export function startTracing(config: TelemetryConfig, role: TracedProcess): Tracer {
  if (config.tracesEndpoint === undefined) {
    return noopTracer;
  }
  const exporterOptions = {
    url: config.tracesEndpoint,
    headers: config.headerCredentials,
    timeoutMillis: config.timeoutMs,
  };
  const exporter =
    config.protocol === 'http/json' ? new OtlpJsonExporter(exporterOptions) : new OtlpProtobufExporter(exporterOptions);
  return tracerWith(new BatchSpanProcessor({ exporter, scheduledDelayMillis: config.batchDelayMs }), {
    serviceName: config.serviceName ?? `steward-${role}`,
    resourceAttributes: config.resourceAttributes,
    sampler: config.sampler,
    role,
  });
}

export interface TracerSettings {
  readonly serviceName: string;
  readonly role: TracedProcess;
  readonly resourceAttributes?: Readonly<Record<string, string>>;
  readonly sampler?: TracesSampler;
}

/** A tracer sending its spans to `processor` (tests pass an in-memory exporter's). */
export function tracerWith(processor: SpanProcessor, settings: TracerSettings): Tracer {
  const resource = defaultResource().merge(
    resourceFromAttributes({
      ...settings.resourceAttributes,
      'service.name': settings.serviceName,
      'steward.process': settings.role,
    }),
  );
  const provider = new TracerProvider({
    resource,
    sampler: samplerOf(settings.sampler ?? { kind: 'parentbased_always_on', ratio: 1 }),
    spanProcessors: [processor],
  });
  return new OpenTelemetryTracer(provider);
}

function samplerOf(sampler: TracesSampler): Sampler {
  switch (sampler.kind) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(sampler.ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampler.ratio) });
  }
}
