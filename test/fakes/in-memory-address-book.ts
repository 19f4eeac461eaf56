import { systemClock, type Clock } from '../../src/clock.js';
import type { AddressBook } from '../../adapters/teams/address-book.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A working AddressBook in memory, with the DynamoDB one's behaviour: remembering replaces and
 * renews the expiry, expired entries read as absent, and callers get copies (as a round trip
 * through storage would give them).
 */
export class InMemoryAddressBook implements AddressBook {
  private readonly entries = new Map<string, { address: Record<string, unknown>; expiresAt: number }>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly retentionDays = 365,
  ) {}

  remember(key: string, address: Readonly<Record<string, unknown>>): Promise<void> {
    this.entries.set(key, {
      address: structuredClone(dropUndefined(address)),
      expiresAt: this.clock.now().getTime() + this.retentionDays * DAY_MS,
    });
    return Promise.resolve();
  }

  recall(key: string): Promise<Readonly<Record<string, unknown>> | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expiresAt <= this.clock.now().getTime()) {
      return Promise.resolve(undefined);
    }
    return Promise.resolve(structuredClone(entry.address));
  }

  /** Every live key, for tests that check what was remembered. */
  keys(): string[] {
    const now = this.clock.now().getTime();
    return [...this.entries].filter(([, entry]) => entry.expiresAt > now).map(([key]) => key);
  }
}

/** DynamoDB's document client drops undefined attributes (removeUndefinedValues); so does this fake. */
function dropUndefined(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
