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
