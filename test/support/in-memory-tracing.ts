import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { tracerWith } from '../../adapters/opentelemetry/index.js';
import type { Tracer } from '../../src/ports/tracer.js';
import { type RecordedSpan, SpanTree } from './span-tree.js';

/** A real OpenTelemetry tracer whose spans stay in memory, each one as soon as it ends. */
export function inMemoryTracing(serviceName = 'steward-test'): { tracer: Tracer; spans: () => SpanTree; reset: () => void } {
  const exporter = new InMemorySpanExporter();
  const tracer = tracerWith(new SimpleSpanProcessor({ exporter }), { serviceName, role: 'web' });
  return {
    tracer,
    spans: () => new SpanTree(exporter.getFinishedSpans().map(recorded)),
    reset: () => exporter.reset(),
  };
}

function recorded(span: ReadableSpan): RecordedSpan {
  const service = span.resource.attributes['service.name'];
  return {
    name: span.name,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    // The API numbers kinds from 0, OTLP from 1.
    kind: span.kind + 1,
    attributes: span.attributes,
    service: typeof service === 'string' ? service : undefined,
    status: span.status.code,
  };
}
