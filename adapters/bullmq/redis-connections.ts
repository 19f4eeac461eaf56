import { Redis, type RedisOptions } from 'ioredis';

/*
 * The Redis connections of every BullMQ queue in Steward (answers, and the approval workflow's,
 * which the composition root opens here and hands over). BullMQ's connection advice: a worker's
 * blocking connection must wait out Redis outages (maxRetriesPerRequest: null), while a producer
 * on a request path must fail fast: the HTTP entry putting an answer job on the queue, so the
 * platform gets an error it retries instead of an acknowledgement that waits forever; an approval
 * click, so it is answered and reconciliation queues the work later.
 */

export function createWorkerConnection(redisUrl: string): Redis {
  return withErrorListener(new Redis(redisUrl, { maxRetriesPerRequest: null }));
}

export interface ProducerConnectionOptions {
  /**
   * Refuse commands at once while Redis is not connected, instead of holding them until it is
   * (approval clicks, whose work reconciliation queues later anyway).
   */
  readonly failWhileDisconnected?: boolean;
}

export function createProducerConnection(redisUrl: string, options: ProducerConnectionOptions = {}): Redis {
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    ...(options.failWhileDisconnected === true ? { enableOfflineQueue: false } : {}),
  };
  return withErrorListener(new Redis(redisUrl, redisOptions));
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
