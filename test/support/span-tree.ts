/**
 * Spans as tests read them, whichever way they were caught (the SDK's in-memory exporter, or the
 * OTLP receiver decoding what a process sent), and the parent/child questions asked of them.
 */
export interface RecordedSpan {
  readonly name: string;
  /** Lower-case hex, as W3C trace context writes it. */
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  /** OTLP's numbering: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The resource's `service.name`. */
  readonly service: string | undefined;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  readonly status: number;
}

export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

export class SpanTree {
  constructor(readonly spans: readonly RecordedSpan[]) {}

  /** The one span with this name; fails the test when there is none or several. */
  one(name: string): RecordedSpan {
    const found = this.spans.filter((span) => span.name === name);
    if (found.length !== 1) {
      throw new Error(`expected one span "${name}", found ${found.length}; spans: ${this.names().join(', ')}`);
    }
    return found[0] as RecordedSpan;
  }

  all(name: string): RecordedSpan[] {
    return this.spans.filter((span) => span.name === name);
  }

  names(): string[] {
    return this.spans.map((span) => span.name);
  }

  parentOf(span: RecordedSpan): RecordedSpan | undefined {
    return this.spans.find((candidate) => candidate.spanId === span.parentSpanId);
  }

  /** Names of the span's ancestors, nearest first (only those that were recorded). */
  ancestorsOf(span: RecordedSpan): string[] {
    const names: string[] = [];
    for (let parent = this.parentOf(span); parent !== undefined; parent = this.parentOf(parent)) {
      names.push(parent.name);
    }
    return names;
  }

  /** The spans of one trace. */
  inTrace(traceId: string): SpanTree {
    return new SpanTree(this.spans.filter((span) => span.traceId === traceId));
  }
}
