import { Redis, type RedisOptions } from 'ioredis';

/*
 * BullMQ's connection advice: a worker's blocking connection must wait out Redis outages
 * (maxRetriesPerRequest: null), while a producer answering a click should fail fast so the
 * click is answered and reconciliation queues the work later.
 */

export function createWorkerConnection(redisUrl: string): Redis {
  return withErrorListener(new Redis(redisUrl, { maxRetriesPerRequest: null }));
}

export function createProducerConnection(redisUrl: string): Redis {
  const options: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  return withErrorListener(new Redis(redisUrl, options));
}

function withErrorListener(client: Redis): Redis {
  // Errors surface through the commands that fail; without a listener ioredis prints each one.
  client.on('error', () => undefined);
  return client;
}

/** Network failures a Redis client reports while Redis is unreachable (codes of Node's net errors). */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * True for the errors of an unreachable Redis (expected during an outage, logged once as a state
 * change); false for anything else, which keeps its stack trace in the logs.
 */
export function isRedisConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && CONNECTION_ERROR_CODES.has(code)) ||
    error.message === 'Connection is closed.' ||
    /^connect ETIMEDOUT|^Reached the max retries per request limit/.test(error.message)
  );
}
