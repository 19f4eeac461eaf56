/**
 * Distributed tracing, as the core sees it: named spans around steps of work, nested by where
 * they run, and a carrier that lets a trace continue in another process (an answer job). The
 * OpenTelemetry adapter implements it; without an exporter configured the core gets `noopTracer`,
 * which runs the work and records nothing.
 */

export type SpanAttributeValue = string | number | boolean | readonly string[] | readonly number[];

/** Attributes of a span; `undefined` values are left out. */
export type SpanAttributes = Readonly<Record<string, SpanAttributeValue | undefined>>;

/**
 * What a span is to its trace: `server` for a request received, `client` for a call out to
 * another service (a model, Slack), `producer`/`consumer` for the two sides of a queue.
 */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export interface SpanOptions {
  readonly kind?: SpanKind;
}

/** The span a piece of work runs in, for attributes only known once it has run (token counts). */
export interface ActiveSpan {
  setAttributes(attributes: SpanAttributes): void;
}

/** W3C trace context (`traceparent`, and `tracestate` when there is one) as plain strings. */
export type TraceCarrier = Readonly<Record<string, string>>;

export interface TraceIds {
  readonly traceId: string;
  readonly spanId: string;
}

export interface Tracer {
  /** False for the no-op tracer: callers may skip building attributes or wrappers. */
  readonly enabled: boolean;
  /**
   * Runs `work` inside a new span, a child of the span running now. The span ends when the work
   * returns or, for a promise, settles; a thrown error or rejection marks it failed and is passed on.
   */
  inSpan<T>(name: string, attributes: SpanAttributes, work: (span: ActiveSpan) => T, options?: SpanOptions): T;
  /**
   * Records a span for time during which nothing ran here (a job waiting in the queue), as a child
   * of the span running now.
   */
  recordSpan(name: string, attributes: SpanAttributes, startedAt: Date, endedAt: Date, options?: SpanOptions): void;
  /** The running span's context, to carry across a queue; undefined when nothing is traced. */
  carrier(): TraceCarrier | undefined;
  /** Runs `work` as a continuation of the trace that `carrier` came from (none: as it is). */
  continueTrace<T>(carrier: TraceCarrier | undefined, work: () => T): T;
  /** The ids of the span running now, for log lines; undefined outside any span. */
  currentIds(): TraceIds | undefined;
  /** Sends what is still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

const NO_SPAN: ActiveSpan = { setAttributes: () => undefined };

/** Tracing off: every step just runs. */
export const noopTracer: Tracer = {
  enabled: false,
  inSpan: (_name, _attributes, work) => work(NO_SPAN),
  recordSpan: () => undefined,
  carrier: () => undefined,
  continueTrace: (_carrier, work) => work(),
  currentIds: () => undefined,
  shutdown: () => Promise.resolve(),
};
