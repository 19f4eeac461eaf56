import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { EventLedger } from '../../src/ports/event-ledger.js';
import { FixedClock } from '../fakes/fixed-clock.js';

/** Builds the implementation under test; expiry must be judged by the given clock. */
export type MakeEventLedger = (clock: Clock) => EventLedger | Promise<EventLedger>;

const HOUR = 3_600_000;

/** The behaviour every EventLedger must show, whatever keeps the claims. */
export function eventLedgerContract(name: string, makeLedger: MakeEventLedger): void {
  describe(`${name} fulfils the EventLedger contract`, () => {
    async function setUp() {
      const clock = new FixedClock();
      const ledger = await makeLedger(clock);
      const inHours = (hours: number) => new Date(clock.now().getTime() + hours * HOUR);
      // Unique per test, so implementations may share one table or process.
      return { clock, ledger, inHours, key: `slack:Ev${randomUUID()}` };
    }

    it('grants the first claim of a key and refuses the next', async () => {
      const { ledger, inHours, key } = await setUp();

      expect(await ledger.claim(key, inHours(1))).toBe(true);
      expect(await ledger.claim(key, inHours(1))).toBe(false);
      expect(await ledger.claim(key, inHours(5))).toBe(false);
    });

    it('keeps keys apart', async () => {
      const { ledger, inHours, key } = await setUp();

      expect(await ledger.claim(key, inHours(1))).toBe(true);
      expect(await ledger.claim(`${key}-retry`, inHours(1))).toBe(true);
      expect(await ledger.claim(key.toUpperCase(), inHours(1))).toBe(true);
    });

    it('grants a claim again once the earlier one has expired, and that claim holds', async () => {
      const { clock, ledger, inHours, key } = await setUp();
      expect(await ledger.claim(key, inHours(1))).toBe(true);

      clock.advance(HOUR - 1000);
      expect(await ledger.claim(key, inHours(1))).toBe(false);
      clock.advance(1000);
      expect(await ledger.claim(key, inHours(1))).toBe(true);
      expect(await ledger.claim(key, inHours(1))).toBe(false);
    });

    it('grants a named claimant its own claim again, and nobody else', async () => {
      const { ledger, inHours, key } = await setUp();

      expect(await ledger.claim(key, inHours(1), 'job-1')).toBe(true);
      expect(await ledger.claim(key, inHours(1), 'job-1')).toBe(true);
      expect(await ledger.claim(key, inHours(1), 'job-2')).toBe(false);
      expect(await ledger.claim(key, inHours(1))).toBe(false);
    });

    it('does not let a named claimant take a key someone else claimed', async () => {
      const { ledger, inHours, key } = await setUp();

      expect(await ledger.claim(key, inHours(1))).toBe(true);
      expect(await ledger.claim(key, inHours(1), 'job-1')).toBe(false);
    });

    it('grants exactly one of many concurrent claims of one key', async () => {
      const { ledger, inHours, key } = await setUp();

      const results = await Promise.all(Array.from({ length: 20 }, () => ledger.claim(key, inHours(1))));

      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
