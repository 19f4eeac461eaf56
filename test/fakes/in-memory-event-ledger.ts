import { systemClock, type Clock } from '../../src/clock.js';
import type { EventLedger } from '../../src/ports/event-ledger.js';

/** A working EventLedger in memory: a claim holds until its expiry, then the key may be claimed again. */
export class InMemoryEventLedger implements EventLedger {
  private readonly claims = new Map<string, { readonly expiresAt: number; readonly claimant: string | undefined }>();

  constructor(private readonly clock: Clock = systemClock) {}

  claim(eventKey: string, expiresAt: Date, claimant?: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    const existing = this.claims.get(eventKey);
    if (existing !== undefined && existing.expiresAt > now) {
      return Promise.resolve(claimant !== undefined && existing.claimant === claimant);
    }
    this.claims.set(eventKey, { expiresAt: expiresAt.getTime(), claimant });
    return Promise.resolve(true);
  }
}
