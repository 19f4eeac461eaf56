export { OpenTelemetryTracer } from './opentelemetry-tracer.js';
export { startTracing, type TracedProcess, tracerWith, type TracerSettings } from './otlp-tracing.js';
