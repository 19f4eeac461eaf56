import type { Platform } from '../../src/conversation/types.js';

/**
 * Durable storage for what Teams needs to reach a conversation later (its conversation
 * references). Only the Teams adapter asks for it, so it is declared here; the DynamoDB adapter
 * provides it (the composition root checks that the two fit) without either adapter importing
 * the other.
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
