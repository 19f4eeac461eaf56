import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer as OtelTracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { TracerProvider } from '@opentelemetry/sdk-trace';
import type {
  ActiveSpan,
  SpanAttributes,
  SpanOptions,
  Tracer,
  TraceCarrier,
  TraceIds,
} from '../../src/ports/tracer.js';

const KINDS = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
} as const;

/**
 * The Tracer port over an OpenTelemetry tracer provider. Deliberately registers nothing globally
 * (no global provider, context manager or propagator): two of these can live in one process (a
 * test running the web tier and a worker side by side), and a library that traces through the
 * global API does not reach into Steward's traces by accident.
 */
export class OpenTelemetryTracer implements Tracer {
  readonly enabled = true;
  private readonly tracer: OtelTracer;
  private readonly contexts = new AsyncLocalStorageContextManager().enable();
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(private readonly provider: TracerProvider) {
    this.tracer = provider.getTracer('steward');
  }

  inSpan<T>(name: string, attributes: SpanAttributes, work: (span: ActiveSpan) => T, options: SpanOptions = {}): T {
    const parent = this.contexts.active();
    const span = this.tracer.startSpan(name, { kind: KINDS[options.kind ?? 'internal'], attributes: defined(attributes) }, parent);
    const handle: ActiveSpan = { setAttributes: (more) => span.setAttributes(defined(more)) };
    let result: T;
    try {
      result = this.contexts.with(trace.setSpan(parent, span), () => work(handle));
    } catch (error) {
      fail(span, error);
      span.end();
      throw error;
    }
    if (isPromise(result)) {
      return result.then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          fail(span, error);
          span.end();
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  }

  recordSpan(name: string, attributes: SpanAttributes, startedAt: Date, endedAt: Date, options: SpanOptions = {}): void {
    const span = this.tracer.startSpan(
      name,
      { kind: KINDS[options.kind ?? 'internal'], attributes: defined(attributes), startTime: startedAt },
      this.contexts.active(),
    );
    // A clock that moved backwards (another host's enqueue time) must not give a negative span.
    span.end(endedAt.getTime() < startedAt.getTime() ? startedAt : endedAt);
  }

  carrier(): TraceCarrier | undefined {
    const active = this.contexts.active();
    if (trace.getSpan(active) === undefined) {
      return undefined;
    }
    const carrier: Record<string, string> = {};
    this.propagator.inject(active, carrier, defaultTextMapSetter);
    return Object.keys(carrier).length > 0 ? carrier : undefined;
  }

  continueTrace<T>(carrier: TraceCarrier | undefined, work: () => T): T {
    if (carrier === undefined) {
      return work();
    }
    const remote: Context = this.propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
    return this.contexts.with(remote, work);
  }

  currentIds(): TraceIds | undefined {
    const context = trace.getSpan(this.contexts.active())?.spanContext();
    return context === undefined ? undefined : { traceId: context.traceId, spanId: context.spanId };
  }

  async shutdown(): Promise<void> {
    this.contexts.disable();
    await this.provider.shutdown();
  }
}

function fail(span: Span, error: unknown): void {
  if (error instanceof Error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.setAttribute('error.type', errorTypeOf(error));
  } else {
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/** Steward's errors carry a code (DEPENDENCY_THROTTLED...); others are named by their class. */
function errorTypeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}

function defined(attributes: SpanAttributes): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) {
      kept[key] = value as Attributes[string];
    }
  }
  return kept;
}

function isPromise<T>(value: T): value is T & Promise<Awaited<T>> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
