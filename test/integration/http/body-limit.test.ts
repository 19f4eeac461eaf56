import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttpServer, startHttpServer } from '../../../adapters/http/http-server.js';
import { createCapturingLogger } from '../../fakes/capturing-logger.js';

const MAX_BYTES = 1024;

/** Sends `chunks` as they are: with Content-Length when `declare` is set, chunked otherwise. */
function post(
  url: string,
  chunks: readonly string[],
  declare: boolean,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
    const req = httpRequest(url, {
      method: 'POST',
      headers: declare ? { 'content-length': String(length) } : { 'transfer-encoding': 'chunked' },
    });
    req.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    // The server may answer 413 and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    for (const chunk of chunks) {
      req.write(chunk);
    }
    req.end();
  });
}

describe('the HTTP server body limit', () => {
  let server: RunningHttpServer;
  const { logger } = createCapturingLogger();

  beforeAll(async () => {
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      maxBodyBytes: MAX_BYTES,
      routes: [
        {
          method: 'POST',
          path: '/echo',
          handle: async (request) => new Response(`read ${(await request.text()).length}`),
        },
      ],
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('passes a declared body within the limit to the route, which reads all of it', async () => {
    const response = await post(`${server.url}/echo`, ['a'.repeat(600), 'b'.repeat(400)], true);
    expect(response).toEqual({ status: 200, body: 'read 1000' });
  });

  it('refuses a declared body over the limit without reading it', async () => {
    const response = await post(`${server.url}/echo`, ['a'.repeat(MAX_BYTES + 1)], true);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' });
  });

  it('counts a chunked body as it arrives: within the limit it reaches the route', async () => {
    const response = await post(`${server.url}/echo`, ['a'.repeat(500), 'b'.repeat(500)], false);
    expect(response).toEqual({ status: 200, body: 'read 1000' });
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const response = await post(`${server.url}/echo`, ['a'.repeat(800), 'b'.repeat(800)], false);
    expect(response.status).toBe(413);
  });

  it('keeps serving after refusing', async () => {
    const response = await post(`${server.url}/echo`, ['ok'], true);
    expect(response).toEqual({ status: 200, body: 'read 2' });
  });
});
