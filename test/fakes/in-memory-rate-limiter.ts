import { systemClock, type Clock } from '../../src/clock.js';
import type { RateLimitDecision, RateLimiter } from '../../src/ports/rate-limiter.js';

/** A working sliding-log RateLimiter in memory; share one instance to model instances sharing Redis. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly logs = new Map<string, number[]>();

  constructor(private readonly clock: Clock = systemClock) {}

  consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const log = (this.logs.get(key) ?? []).filter((at) => at > now - windowMs);
    this.logs.set(key, log);
    if (log.length < limit) {
      log.push(now);
      return Promise.resolve({ allowed: true, retryAfterMs: 0 });
    }
    return Promise.resolve({ allowed: false, retryAfterMs: Math.max(0, (log[0] ?? now) + windowMs - now) });
  }
}
