import { systemClock, type Clock } from '../../src/clock.js';
import type { RateLimitDecision, RateLimiter } from '../../src/ports/rate-limiter.js';

/** A working sliding-log RateLimiter in memory; share one instance to model instances sharing Redis. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly logs = new Map<string, { readonly at: number; readonly eventId: string | undefined }[]>();

  constructor(private readonly clock: Clock = systemClock) {}

  consume(key: string, limit: number, windowMs: number, eventId?: string): Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const log = (this.logs.get(key) ?? []).filter((event) => event.at > now - windowMs);
    this.logs.set(key, log);
    if (eventId !== undefined && log.some((event) => event.eventId === eventId)) {
      return Promise.resolve({ allowed: true, retryAfterMs: 0 });
    }
    if (log.length < limit) {
      log.push({ at: now, eventId });
      return Promise.resolve({ allowed: true, retryAfterMs: 0 });
    }
    return Promise.resolve({ allowed: false, retryAfterMs: Math.max(0, (log[0]?.at ?? now) + windowMs - now) });
  }
}
