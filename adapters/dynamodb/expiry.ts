/*
 * DynamoDB's TTL attribute holds whole epoch seconds, and neither AWS (which deletes lazily, up to
 * days late) nor DynamoDB Local (never) removes expired items on time, so every reader filters.
 * An item is live while `expiresAt > now`. Expiry is rounded up when stored so that nothing
 * disappears before the moment the caller asked for.
 */

export function toEpochSeconds(date: Date): number {
  return Math.ceil(date.getTime() / 1000);
}

export function nowInEpochSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

export function isLive(expiresAt: number, nowSeconds: number): boolean {
  return expiresAt > nowSeconds;
}
