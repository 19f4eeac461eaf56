import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from '../../../adapters/redis/redis-rate-limiter.js';
import { rateLimiterContract } from '../../contracts/rate-limiter.contract.js';
import { FixedClock } from '../../fakes/fixed-clock.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Redis is shared with other test runs: this file touches only keys under its own prefix.
const prefix = `test:rate:${randomUUID()}:`;
const limiters: RedisRateLimiter[] = [];

afterAll(async () => {
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) {
    await admin.del(...keys);
  }
  admin.disconnect();
  await Promise.all(limiters.map((limiter) => limiter.close()));
});

function limiter(clock: FixedClock, redisUrl = REDIS_URL): RedisRateLimiter {
  const created = new RedisRateLimiter({ redisUrl, clock, keyPrefix: prefix, commandTimeoutMs: 500 });
  limiters.push(created);
  return created;
}

rateLimiterContract('RedisRateLimiter', (clock) => [
  limiter(clock as FixedClock),
  limiter(clock as FixedClock),
]);

describe('RedisRateLimiter when Redis is unreachable', () => {
  it('fails with a DependencyError instead of hanging', async () => {
    const unreachable = limiter(new FixedClock(), 'redis://127.0.0.1:9');
    await expect(unreachable.consume('k', 1, 60_000)).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      dependency: 'redis',
    });
  });
});
