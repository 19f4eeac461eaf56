/**
 * Remembers which inbound deliveries were already handled, so that platform retries and
 * duplicate deliveries (also across several service instances) are answered once.
 */
export interface EventLedger {
  /**
   * True for the first claim of `eventKey`; false while an unexpired claim exists. A `claimant`
   * names who claims: the same claimant claiming again finds its own claim and gets true (an
   * answer job run again after its worker died), anyone else false.
   */
  claim(eventKey: string, expiresAt: Date, claimant?: string): Promise<boolean>;
}
