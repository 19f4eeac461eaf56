import { Redis } from 'ioredis';

/** What the readiness route asks of a dependency (its `ReadinessCheck`), and a way to let go of it. */
export interface RedisReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A readiness probe for Redis. It keeps one lazily connected client that fails fast (no offline
 * queue, one retry) so a down Redis makes /readyz answer "not ready" at once rather than hang.
 */
export function createRedisReadinessCheck(redisUrl: string): RedisReadinessCheck {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  // Connection errors surface through ping(); without a listener ioredis would log them itself.
  client.on('error', () => undefined);
  const target = redisTarget(redisUrl);
  return {
    name: 'redis',
    async check() {
      try {
        if (client.status !== 'ready') {
          client.disconnect();
          await client.connect();
        }
        await client.ping();
      } catch (error) {
        // ioredis says only "Connection is closed."; an operator needs to know which Redis.
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Redis at ${target}: ${reason}`, { cause: error });
      }
    },
    async close() {
      client.disconnect();
      return Promise.resolve();
    },
  };
}

/** `host:port` of a Redis URL, never its user or password. */
export function redisTarget(redisUrl: string): string {
  const url = new URL(redisUrl);
  return `${url.hostname}:${url.port === '' ? '6379' : url.port}`;
}
