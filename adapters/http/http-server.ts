import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from '../../src/logger.js';
import type { HttpRoute } from '../../src/ports/http-route.js';
import { limitBody } from './body-limit.js';
import { type ReadinessCheck, runReadinessChecks } from './readiness.js';

export interface HttpServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly routes?: readonly HttpRoute[];
  /** Serves `GET /readyz` over these checks; without them the server has no /readyz (the public one). */
  readonly readinessChecks?: readonly ReadinessCheck[];
  /** Largest request body accepted; platform payloads are far below this. */
  readonly maxBodyBytes?: number;
  readonly logger: Logger;
  /** What the server is for, in its log line (e.g. `management`). */
  readonly name?: string;
}

export interface RunningHttpServer {
  readonly port: number;
  readonly url: string;
  /** Stops accepting connections and waits for in-flight requests, at most `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function createHttpApp(options: Omit<HttpServerOptions, 'port' | 'host' | 'name'>): Hono {
  const app = new Hono();
  const { logger } = options;

  app.use(
    '*',
    limitBody(
      options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      // The rest of the body is never read, so the connection cannot carry another request.
      (c) => c.json({ error: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large.' }, 413, { Connection: 'close' }),
    ),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  const { readinessChecks } = options;
  if (readinessChecks !== undefined) {
    app.get('/readyz', async (c) => {
      const report = await runReadinessChecks(readinessChecks);
      return c.json(report, report.ready ? 200 : 503);
    });
  }

  for (const route of options.routes ?? []) {
    app.on(route.method, route.path, (c) => route.handle(c.req.raw));
  }

  app.notFound((c) => c.json({ error: 'NOT_FOUND', message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    logger.error({ err: error, path: c.req.path }, 'http request failed');
    return c.json({ error: 'INTERNAL', message: 'Internal error.' }, 500);
  });
  return app;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const app = createHttpApp(options);
  // Node's http server, so requests carry Node's streams for SDKs that expect them.
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '0.0.0.0';
  options.logger.info({ port, host, ...(options.name ? { server: options.name } : {}) }, 'http server listening');
  return {
    port,
    url: `http://${urlHost(host)}:${port}`,
    close: (graceMs = 10_000) => closeGracefully(server, graceMs),
  };
}

/** Where a client on this machine reaches a server bound to `host`. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    return '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}

function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    });
    // Idle keep-alive sockets would otherwise hold close() open until they time out.
    server.closeIdleConnections();
  });
}
