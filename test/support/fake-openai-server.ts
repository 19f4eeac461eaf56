import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local OpenAI-compatible chat completions server, as vLLM, Ollama and llama.cpp serve it:
 * `POST /v1/chat/completions`, JSON replies, and `text/event-stream` chunks ending in `[DONE]`
 * when `stream` is set. Tests script replies and read back what the real openai client sent.
 */

export interface RecordedCompletionRequest {
  readonly headers: IncomingMessage['headers'];
  readonly body: { model: string; messages: { role: string; content: string }[]; stream?: boolean } & Record<string, unknown>;
}

export type CompletionReply =
  | { readonly text: string; readonly finishReason?: string; readonly usage?: { prompt_tokens: number; completion_tokens: number } }
  | { readonly status: number; readonly error: string; readonly retryAfterMs?: number }
  /** For streamed requests: these deltas, then optionally an error event instead of the end. */
  | {
      readonly deltas: readonly string[];
      /** Tool calls streamed after the text, as vLLM does: the name first, then the arguments in pieces. */
      readonly toolCalls?: readonly { readonly name: string; readonly arguments: string }[];
      readonly finishReason?: string;
      readonly usage?: { prompt_tokens: number; completion_tokens: number };
      readonly failWith?: string;
    };

export class FakeOpenAiServer {
  readonly requests: RecordedCompletionRequest[] = [];
  private script: (request: RecordedCompletionRequest, nth: number) => CompletionReply | Promise<CompletionReply> = () => ({
    status: 500,
    error: 'not scripted',
  });

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeOpenAiServer> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const fake = new FakeOpenAiServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      fake.handle(request, response).catch(() => response.destroy());
    });
    return fake;
  }

  /** A script may answer later (a promise), to hold a caller mid-request. */
  on(script: (request: RecordedCompletionRequest, nth: number) => CompletionReply | Promise<CompletionReply>): this {
    this.script = script;
    return this;
  }

  sequence(replies: readonly CompletionReply[]): this {
    return this.on((_request, nth) => replies[Math.min(nth, replies.length) - 1] ?? { text: '' });
  }

  reset(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const recorded: RecordedCompletionRequest = {
      headers: request.headers,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedCompletionRequest['body'],
    };
    this.requests.push(recorded);
    const reply = await this.script(recorded, this.requests.length);
    if ('error' in reply) {
      response
        .writeHead(reply.status, {
          'content-type': 'application/json',
          ...(reply.retryAfterMs !== undefined ? { 'retry-after-ms': String(reply.retryAfterMs) } : {}),
        })
        .end(JSON.stringify({ error: { message: reply.error, type: 'server_error' } }));
      return;
    }
    const base = { id: 'chatcmpl-1', created: 1_767_000_000, model: recorded.body.model };
    if (recorded.body.stream === true) {
      const deltas = 'deltas' in reply ? reply.deltas : [reply.text];
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const send = (data: unknown) => response.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
      for (const content of deltas) {
        send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] });
      }
      const toolCalls = 'toolCalls' in reply ? (reply.toolCalls ?? []) : [];
      toolCalls.forEach((call, index) => {
        const toolDelta = (piece: object) => send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index, ...piece }] }, finish_reason: null }] });
        toolDelta({ id: `call_${index + 1}`, type: 'function', function: { name: call.name, arguments: '' } });
        for (const piece of call.arguments.match(/.{1,9}/gs) ?? []) {
          toolDelta({ function: { arguments: piece } });
        }
      });
      if ('failWith' in reply && reply.failWith !== undefined) {
        send({ error: { message: reply.failWith, type: 'server_error' } });
        response.end();
        return;
      }
      const finishReason = reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
      send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finishReason }] });
      const usage = reply.usage ?? { prompt_tokens: 90, completion_tokens: 12 };
      send({ ...base, object: 'chat.completion.chunk', choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
      send('[DONE]');
      response.end();
      return;
    }
    const text = 'text' in reply ? reply.text : reply.deltas.join('');
    const usage = reply.usage ?? { prompt_tokens: 50, completion_tokens: 8 };
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: reply.finishReason ?? 'stop' }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      }),
    );
  }
}
