import { Redis } from 'ioredis';
import type { ReadinessCheck } from '../../src/ports/readiness-check.js';

/**
 * A readiness probe for Redis. It keeps one lazily connected client that fails fast (no offline
 * queue, one retry) so a down Redis makes /readyz answer "not ready" at once rather than hang.
 */
export function createRedisReadinessCheck(redisUrl: string): ReadinessCheck & { close(): Promise<void> } {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  // Connection errors surface through ping(); without a listener ioredis would log them itself.
  client.on('error', () => undefined);
  return {
    name: 'redis',
    async check() {
      if (client.status !== 'ready') {
        client.disconnect();
        await client.connect();
      }
      await client.ping();
    },
    async close() {
      client.disconnect();
      return Promise.resolve();
    },
  };
}
