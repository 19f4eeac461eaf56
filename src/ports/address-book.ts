/**
 * Durable storage for what a platform needs to reach a conversation later (a Teams conversation
 * reference, for instance). The value is opaque to the core; each adapter knows its own shape.
 */
export interface AddressBook {
  remember(key: string, address: Readonly<Record<string, unknown>>): Promise<void>;
  /** Undefined when nothing was remembered for `key` (or it expired). */
  recall(key: string): Promise<Readonly<Record<string, unknown>> | undefined>;
}
