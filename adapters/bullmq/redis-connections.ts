import { Redis, type RedisOptions } from 'ioredis';

/*
 * BullMQ's connection advice: a worker's blocking connection must wait out Redis outages
 * (maxRetriesPerRequest: null), while the HTTP entry putting a job on the queue must fail fast,
 * so the platform gets an error it retries instead of an acknowledgement that waits forever.
 */

export function createWorkerConnection(redisUrl: string): Redis {
  return withErrorListener(new Redis(redisUrl, { maxRetriesPerRequest: null }));
}

export function createProducerConnection(redisUrl: string): Redis {
  const options: RedisOptions = { maxRetriesPerRequest: 1, connectTimeout: 2_000 };
  return withErrorListener(new Redis(redisUrl, options));
}

/** True when Redis answers a PING within `timeoutMs`; never throws. */
export async function isRedisReachable(redisUrl: string, timeoutMs = 1_500): Promise<boolean> {
  const client = withErrorListener(
    new Redis(redisUrl, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: true,
      connectTimeout: timeoutMs,
      lazyConnect: true,
      retryStrategy: () => null,
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const ping = client
      .connect()
      .then(() => client.ping())
      .then(
        (reply) => reply === 'PONG',
        () => false,
      );
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

function withErrorListener(client: Redis): Redis {
  // Errors surface through the commands that fail; without a listener ioredis prints each one.
  client.on('error', () => undefined);
  return client;
}
