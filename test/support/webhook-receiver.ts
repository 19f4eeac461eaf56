import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../adapters/webhook/webhook-signature.js';

export interface ReceivedWebhook {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Whether the HMAC signature verified with the receiver's secret. */
  readonly signatureValid: boolean;
  /** performance.now() when the whole request had arrived (for latency measurements). */
  readonly receivedAt: number;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Wait this long before answering (to hold a call in flight). */
  readonly delayMs?: number;
}

/**
 * A real HTTP endpoint on 127.0.0.1 that verifies each webhook's signature like a receiver
 * should, records it, and answers from a script (then 200 once the script runs out).
 */
export async function startWebhookReceiver(secret: string) {
  const received: ReceivedWebhook[] = [];
  const script: ScriptedAnswer[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const byRequest = new Map<string, ReceivedWebhook[]>();
  const requestWaiters = new Map<string, (call: ReceivedWebhook) => void>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const call: ReceivedWebhook = {
        receivedAt: performance.now(),
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
        signatureValid: verifyWebhookSignature({
          secret,
          header: header(request.headers, 'steward-signature'),
          body,
          nowSeconds: Math.floor(Date.now() / 1000),
        }),
      };
      received.push(call);
      const requestId = header(request.headers, 'steward-request-id') ?? '';
      byRequest.set(requestId, [...(byRequest.get(requestId) ?? []), call]);
      requestWaiters.get(requestId)?.(call);
      requestWaiters.delete(requestId);
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const answer = script.shift() ?? { status: 200, body: 'ok' };
      setTimeout(() => {
        response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        response.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Answers for the next calls, in order. */
    answer(...answers: ScriptedAnswer[]) {
      script.push(...answers);
    },
    /** Calls made for one approval request (by its Steward-Request-Id header). */
    callsFor(requestId: string): readonly ReceivedWebhook[] {
      return byRequest.get(requestId) ?? [];
    },
    /** Resolves with the first call for `requestId`, now or when it arrives. */
    firstCallFor(requestId: string): Promise<ReceivedWebhook> {
      const first = byRequest.get(requestId)?.[0];
      if (first !== undefined) {
        return Promise.resolve(first);
      }
      return new Promise((resolve) => requestWaiters.set(requestId, resolve));
    },
    /** Resolves once `count` calls have arrived in all. */
    waitForCalls(count: number): Promise<void> {
      if (received.length >= count) {
        return Promise.resolve();
      }
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
