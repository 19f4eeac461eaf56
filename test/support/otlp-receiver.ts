import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { type RecordedSpan, SpanTree } from './span-tree.js';

/**
 * A local stand-in for an OpenTelemetry collector: accepts OTLP/HTTP trace exports at
 * `/v1/traces`, as JSON (`application/json`) or protobuf (`application/x-protobuf`), gzipped or
 * not, and keeps the spans. The protobuf reader knows only the fields of
 * opentelemetry/proto/collector/trace/v1 that tests look at.
 */
export class OtlpReceiver {
  private readonly received: RecordedSpan[] = [];
  /** Each export request's media type and headers, in arrival order. */
  readonly requests: { readonly mediaType: string; readonly headers: IncomingMessage['headers'] }[] = [];

  private constructor(
    private readonly server: Server,
    /** Give as OTEL_EXPORTER_OTLP_ENDPOINT. */
    readonly endpoint: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      receiver.handle(request, response).catch(() => response.writeHead(400).end());
    });
    return receiver;
  }

  spans(): SpanTree {
    return new SpanTree([...this.received]);
  }

  /** Waits until the spans received satisfy `done` (exports arrive in batches, on their own schedule). */
  async waitFor(done: (spans: SpanTree) => boolean, timeoutMs = 30_000): Promise<SpanTree> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const spans = this.spans();
      if (done(spans)) {
        return spans;
      }
      if (Date.now() > deadline) {
        throw new Error(`the spans awaited did not arrive; received: ${spans.names().join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    let body = Buffer.concat(chunks);
    if (request.headers['content-encoding'] === 'gzip') {
      body = gunzipSync(body);
    }
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    this.requests.push({ mediaType, headers: request.headers });
    if (mediaType === 'application/json') {
      this.received.push(...spansFromJson(JSON.parse(body.toString('utf8')) as OtlpJson));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } else if (mediaType === 'application/x-protobuf') {
      this.received.push(...spansFromProtobuf(body));
      // An empty ExportTraceServiceResponse.
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    } else {
      response.writeHead(415).end();
    }
  }
}

// --- OTLP/JSON -------------------------------------------------------------------------------

interface OtlpJsonValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpJsonValue[] };
}
interface OtlpJsonAttribute {
  key: string;
  value?: OtlpJsonValue;
}
interface OtlpJson {
  resourceSpans?: {
    resource?: { attributes?: OtlpJsonAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        attributes?: OtlpJsonAttribute[];
        status?: { code?: number };
      }[];
    }[];
  }[];
}

function spansFromJson(body: OtlpJson): RecordedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = jsonAttributes(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        name: span.name,
        traceId: span.traceId.toLowerCase(),
        spanId: span.spanId.toLowerCase(),
        parentSpanId: span.parentSpanId ? span.parentSpanId.toLowerCase() : undefined,
        kind: span.kind ?? 0,
        attributes: jsonAttributes(span.attributes),
        service: typeof resource['service.name'] === 'string' ? resource['service.name'] : undefined,
        status: span.status?.code ?? 0,
      })),
    );
  });
}

function jsonAttributes(attributes: OtlpJsonAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((attributes ?? []).map((attribute) => [attribute.key, jsonValue(attribute.value)]));
}

function jsonValue(value: OtlpJsonValue | undefined): unknown {
  if (value === undefined) {
    return undefined;
  }
  if (value.arrayValue !== undefined) {
    return (value.arrayValue.values ?? []).map(jsonValue);
  }
  if (value.intValue !== undefined) {
    return Number(value.intValue);
  }
  return value.stringValue ?? value.boolValue ?? value.doubleValue;
}

// --- OTLP/protobuf ---------------------------------------------------------------------------

/** One field of a protobuf message: varints and fixed numbers as bigint, length-delimited as bytes. */
type Field = { readonly number: number; readonly value: bigint | Buffer };

function fields(buffer: Buffer): Field[] {
  const out: Field[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buffer[offset++];
      if (byte === undefined) {
        throw new Error('truncated varint');
      }
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        return result;
      }
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    switch (key & 7) {
      case 0:
        out.push({ number, value: varint() });
        break;
      case 1:
        out.push({ number, value: buffer.readBigUInt64LE(offset) });
        offset += 8;
        break;
      case 2: {
        const length = Number(varint());
        out.push({ number, value: buffer.subarray(offset, offset + length) });
        offset += length;
        break;
      }
      case 5:
        out.push({ number, value: BigInt(buffer.readUInt32LE(offset)) });
        offset += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${key & 7}`);
    }
  }
  return out;
}

const bytesOf = (all: Field[], number: number): Buffer[] =>
  all.filter((field) => field.number === number && Buffer.isBuffer(field.value)).map((field) => field.value as Buffer);
const numberOf = (all: Field[], number: number): bigint | undefined => {
  const found = all.find((field) => field.number === number && typeof field.value === 'bigint');
  return found?.value as bigint | undefined;
};

function spansFromProtobuf(body: Buffer): RecordedSpan[] {
  // ExportTraceServiceRequest: 1 resource_spans. ResourceSpans: 1 resource, 2 scope_spans.
  return bytesOf(fields(body), 1).flatMap((resourceSpansBytes) => {
    const resourceSpans = fields(resourceSpansBytes);
    const resourceBytes = bytesOf(resourceSpans, 1)[0];
    const resource = resourceBytes === undefined ? {} : protobufAttributes(bytesOf(fields(resourceBytes), 1));
    // ScopeSpans: 2 spans.
    return bytesOf(resourceSpans, 2).flatMap((scopeBytes) =>
      bytesOf(fields(scopeBytes), 2).map((spanBytes) => {
        // Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes, 15 status (3 code).
        const span = fields(spanBytes);
        const parent = bytesOf(span, 4)[0];
        const status = bytesOf(span, 15)[0];
        return {
          name: bytesOf(span, 5)[0]?.toString('utf8') ?? '',
          traceId: bytesOf(span, 1)[0]?.toString('hex') ?? '',
          spanId: bytesOf(span, 2)[0]?.toString('hex') ?? '',
          parentSpanId: parent !== undefined && parent.length > 0 ? parent.toString('hex') : undefined,
          kind: Number(numberOf(span, 6) ?? 0n),
          attributes: protobufAttributes(bytesOf(span, 9)),
          service: typeof resource['service.name'] === 'string' ? resource['service.name'] : undefined,
          status: status === undefined ? 0 : Number(numberOf(fields(status), 3) ?? 0n),
        };
      }),
    );
  });
}

/** KeyValue: 1 key, 2 value (AnyValue). */
function protobufAttributes(keyValues: Buffer[]): Record<string, unknown> {
  return Object.fromEntries(
    keyValues.map((bytes) => {
      const keyValue = fields(bytes);
      const value = bytesOf(keyValue, 2)[0];
      return [bytesOf(keyValue, 1)[0]?.toString('utf8') ?? '', value === undefined ? undefined : anyValue(value)];
    }),
  );
}

/** AnyValue: 1 string, 2 bool, 3 int, 4 double, 5 array (ArrayValue: 1 values). */
function anyValue(bytes: Buffer): unknown {
  const [field] = fields(bytes);
  if (field === undefined) {
    return undefined;
  }
  switch (field.number) {
    case 1:
      return (field.value as Buffer).toString('utf8');
    case 2:
      return field.value === 1n;
    case 3:
      return Number(BigInt.asIntN(64, field.value as bigint));
    case 4: {
      const buffer = Buffer.alloc(8);
      buffer.writeBigUInt64LE(field.value as bigint);
      return buffer.readDoubleLE();
    }
    case 5:
      return bytesOf(fields(field.value as Buffer), 1).map(anyValue);
    default:
      return undefined;
  }
}
