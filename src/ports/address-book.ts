import type { Platform } from '../conversation/types.js';

/**
 * Durable storage for what a platform needs to reach a conversation later (a Teams conversation
 * reference, for instance). The value is opaque to the core; each adapter knows its own shape.
 */
export interface AddressBook {
  /**
   * `owner`: the person the address reaches privately (a personal chat), so that it is found and
   * erased with everything else stored about them.
   */
  remember(
    key: string,
    address: Readonly<Record<string, unknown>>,
    owner?: { readonly platform: Platform; readonly userId: string },
  ): Promise<void>;
  /** Undefined when nothing was remembered for `key` (or it expired). */
  recall(key: string): Promise<Readonly<Record<string, unknown>> | undefined>;
}
