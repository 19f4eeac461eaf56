import { once } from 'node:events';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeFrame, type StreamFrame } from './event-stream-frames.js';

/*
 * A local Amazon Bedrock speaking the real wire protocol over HTTP/2 cleartext (the SDK's Bedrock
 * clients use HTTP/2): the REST-JSON paths of Retrieve, RetrieveAndGenerate, Converse,
 * ConverseStream and ApplyGuardrail, errors as `x-amzn-errortype`, and event-stream frames.
 * Tests script the replies and read back every request the real SDK client sent.
 */

export type BedrockOperation = 'retrieve' | 'retrieveAndGenerate' | 'converse' | 'converseStream' | 'applyGuardrail';

export interface RecordedRequest {
  readonly operation: BedrockOperation;
  readonly path: string;
  /** The knowledge base id or (URL-decoded) model id in the path, when the operation has one. */
  readonly resourceId?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Record<string, unknown>;
}

export type FakeReply =
  | { readonly json: unknown; readonly status?: number }
  /** An AWS error response, e.g. `{ status: 429, errorType: 'ThrottlingException' }`. */
  | { readonly status: number; readonly errorType: string; readonly message?: string }
  | { readonly frames: readonly StreamFrame[]; readonly frameDelayMs?: number };

export type ReplyScript = (request: RecordedRequest, nth: number) => FakeReply;

const ROUTES: ReadonlyArray<{ operation: BedrockOperation; pattern: RegExp }> = [
  { operation: 'retrieve', pattern: /^\/knowledgebases\/([^/]+)\/retrieve$/ },
  { operation: 'retrieveAndGenerate', pattern: /^\/retrieveAndGenerate$/ },
  { operation: 'converseStream', pattern: /^\/model\/([^/]+)\/converse-stream$/ },
  { operation: 'converse', pattern: /^\/model\/([^/]+)\/converse$/ },
  { operation: 'applyGuardrail', pattern: /^\/guardrail\/([^/]+)\/version\/[^/]+\/apply$/ },
];

export class FakeBedrock {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts = new Map<BedrockOperation, ReplyScript>();
  private readonly counts = new Map<BedrockOperation, number>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();

  private constructor(
    private readonly server: http2.Http2Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeBedrock> {
    const server = http2.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const fake = new FakeBedrock(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('session', (session) => {
      fake.sessions.add(session);
      session.once('close', () => fake.sessions.delete(session));
    });
    server.on('stream', (stream, headers) => {
      fake.handle(stream, headers).catch(() => stream.destroy());
    });
    return fake;
  }

  /** Every call of the operation is answered by `script` (given the request and its 1-based count). */
  on(operation: BedrockOperation, script: ReplyScript): this {
    this.scripts.set(operation, script);
    return this;
  }

  /** Replies in order; the last one answers every later call. */
  sequence(operation: BedrockOperation, replies: readonly FakeReply[]): this {
    return this.on(operation, (_request, nth) => replies[Math.min(nth, replies.length) - 1] ?? { json: {} });
  }

  requestsFor(operation: BedrockOperation): RecordedRequest[] {
    return this.requests.filter((request) => request.operation === operation);
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
    this.counts.clear();
  }

  async close(): Promise<void> {
    for (const session of this.sessions) {
      session.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
    }
    const path = String(headers[':path'] ?? '').split('?')[0] ?? '';
    const route = ROUTES.map(({ operation, pattern }) => ({ operation, match: pattern.exec(path) })).find(({ match }) => match !== null);
    if (route === undefined) {
      respondError(stream, { status: 404, errorType: 'UnknownOperationException', message: `no route ${path}` });
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const resourceId = route.match?.[1] !== undefined ? decodeURIComponent(route.match[1]) : undefined;
    const request: RecordedRequest = {
      operation: route.operation,
      path,
      ...(resourceId !== undefined ? { resourceId } : {}),
      headers,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
    this.requests.push(request);
    const nth = (this.counts.get(route.operation) ?? 0) + 1;
    this.counts.set(route.operation, nth);
    const script = this.scripts.get(route.operation);
    const reply = script ? script(request, nth) : { status: 500, errorType: 'InternalServerException', message: 'not scripted' };
    await respond(stream, reply);
  }
}

async function respond(stream: http2.ServerHttp2Stream, reply: FakeReply): Promise<void> {
  if ('frames' in reply) {
    stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'fake-request' });
    for (const frame of reply.frames) {
      if (stream.destroyed) {
        return;
      }
      stream.write(encodeFrame(frame));
      if (reply.frameDelayMs !== undefined && reply.frameDelayMs > 0) {
        await sleep(reply.frameDelayMs);
      }
    }
    stream.end();
    return;
  }
  if ('errorType' in reply) {
    respondError(stream, reply);
    return;
  }
  stream.respond({ ':status': reply.status ?? 200, 'content-type': 'application/json', 'x-amzn-requestid': 'fake-request' });
  stream.end(JSON.stringify(reply.json));
}

function respondError(stream: http2.ServerHttp2Stream, reply: { status: number; errorType: string; message?: string }): void {
  stream.respond({
    ':status': reply.status,
    'content-type': 'application/json',
    'x-amzn-errortype': `${reply.errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    'x-amzn-requestid': 'fake-request',
  });
  stream.end(JSON.stringify({ message: reply.message ?? reply.errorType }));
}
