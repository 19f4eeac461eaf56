export interface RateLimitDecision {
  readonly allowed: boolean;
  /** When refused: how long until one more would be allowed. 0 when allowed. */
  readonly retryAfterMs: number;
}

/**
 * Counts events per key across every instance of the service: at most `limit` in any window of
 * `windowMs` (a sliding window, so no burst of twice the limit across a window boundary).
 * A refused attempt is not counted.
 */
export interface RateLimiter {
  consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
}
