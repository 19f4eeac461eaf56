import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Clock } from '../../src/clock.js';
import { DependencyError } from '../../src/errors.js';
import type { RateLimitDecision, RateLimiter } from '../../src/ports/rate-limiter.js';

/*
 * A sliding log per key: a sorted set of the accepted events' times (members: their ids). One Lua
 * script trims events older than the window, lets an event already in it through uncounted,
 * counts, and adds the new one only when under the limit, so concurrent
 * instances can never both take the last slot. Times come from the service's clock (instances'
 * clocks agree to well under a second, which is nothing against a one-minute window) so tests
 * can move time by hand.
 */
const SLIDING_LOG = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then
  return {1, 0}
end
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}
`;

type SlidingLogClient = Redis & {
  slidingLog(
    key: string,
    now: number,
    windowMs: number,
    limit: number,
    member: string,
  ): Promise<[number, number]>;
};

export interface RedisRateLimiterOptions {
  readonly redisUrl: string;
  readonly clock: Clock;
  /** Prepended to every key, so several deployments (or test runs) can share one Redis. */
  readonly keyPrefix?: string;
  /** How long one check may take before it counts as Redis being unavailable. */
  readonly commandTimeoutMs?: number;
}

export class RedisRateLimiter implements RateLimiter {
  private readonly client: SlidingLogClient;
  private readonly keyPrefix: string;

  constructor(private readonly options: RedisRateLimiterOptions) {
    this.keyPrefix = options.keyPrefix ?? 'steward:rate:';
    const client = new Redis(options.redisUrl, {
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    // Failures surface through each call; without a listener ioredis would print them itself.
    client.on('error', () => undefined);
    client.defineCommand('slidingLog', { numberOfKeys: 1, lua: SLIDING_LOG });
    this.client = client as SlidingLogClient;
  }

  async consume(key: string, limit: number, windowMs: number, eventId?: string): Promise<RateLimitDecision> {
    let result: [number, number];
    try {
      result = await this.client.slidingLog(
        `${this.keyPrefix}${key}`,
        this.options.clock.now().getTime(),
        windowMs,
        limit,
        // The log's member: an event counted already is found by it and not counted again.
        eventId ?? randomUUID(),
      );
    } catch (error) {
      throw new DependencyError('redis', 'Redis rate limit check failed', { cause: error });
    }
    const [allowed, retryAfterMs] = result;
    return { allowed: allowed === 1, retryAfterMs: Math.max(0, retryAfterMs) };
  }

  async close(): Promise<void> {
    this.client.disconnect();
    return Promise.resolve();
  }
}
