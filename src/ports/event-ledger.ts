/**
 * Remembers which inbound deliveries were already handled, so that platform retries and
 * duplicate deliveries (also across several service instances) are answered once.
 */
export interface EventLedger {
  /** True for the first claim of `eventKey`; false while an unexpired claim exists. */
  claim(eventKey: string, expiresAt: Date): Promise<boolean>;
}
