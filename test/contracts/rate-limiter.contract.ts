import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { RateLimiter } from '../../src/ports/rate-limiter.js';
import { FixedClock } from '../fakes/fixed-clock.js';

/** Two handles on one shared limit (two instances of the service), both reading `clock`. */
export type MakeRateLimiters = (clock: Clock) => readonly [RateLimiter, RateLimiter];

const MINUTE = 60_000;

export function rateLimiterContract(name: string, makeLimiters: MakeRateLimiters): void {
  describe(`${name} fulfils the RateLimiter contract`, () => {
    it('allows the limit within a window, refuses the next, and says when to retry', async () => {
      const clock = new FixedClock();
      const [limiter] = makeLimiters(clock);
      const key = randomUUID();
      expect(await limiter.consume(key, 2, MINUTE)).toEqual({ allowed: true, retryAfterMs: 0 });
      clock.advance(10_000);
      expect(await limiter.consume(key, 2, MINUTE)).toEqual({ allowed: true, retryAfterMs: 0 });
      clock.advance(5_000);
      expect(await limiter.consume(key, 2, MINUTE)).toEqual({ allowed: false, retryAfterMs: 45_000 });
    });

    it('slides: the oldest event leaves the window exactly one window later, and refusals do not count', async () => {
      const clock = new FixedClock();
      const [limiter] = makeLimiters(clock);
      const key = randomUUID();
      await limiter.consume(key, 1, MINUTE);
      clock.advance(MINUTE - 1);
      expect((await limiter.consume(key, 1, MINUTE)).allowed).toBe(false);
      clock.advance(1);
      expect((await limiter.consume(key, 1, MINUTE)).allowed).toBe(true);
    });

    it('counts an event named by its id once, however often it is asked for', async () => {
      const clock = new FixedClock();
      const [a, b] = makeLimiters(clock);
      const key = randomUUID();
      expect((await a.consume(key, 2, MINUTE, 'Ev1')).allowed).toBe(true);
      expect((await b.consume(key, 2, MINUTE, 'Ev1')).allowed).toBe(true);
      expect((await a.consume(key, 2, MINUTE, 'Ev2')).allowed).toBe(true);
      // Full now: Ev1 and Ev2 are still let through again, a new event is not.
      expect(await b.consume(key, 2, MINUTE, 'Ev3')).toEqual({ allowed: false, retryAfterMs: MINUTE });
      expect((await a.consume(key, 2, MINUTE, 'Ev1')).allowed).toBe(true);
    });

    it('keeps keys apart', async () => {
      const clock = new FixedClock();
      const [limiter] = makeLimiters(clock);
      const key = randomUUID();
      await limiter.consume(key, 1, MINUTE);
      expect((await limiter.consume(`${key}-other`, 1, MINUTE)).allowed).toBe(true);
    });

    it('shares one limit between instances, even when they ask at once', async () => {
      const clock = new FixedClock();
      const [a, b] = makeLimiters(clock);
      const key = randomUUID();
      const decisions = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).consume(key, 3, MINUTE)),
      );
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
    });
  });
}
