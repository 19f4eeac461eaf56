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
  /**
   * Counts one event under `key`. An `eventId` names the event: asking again for one already
   * counted in the window is allowed without counting it twice (a queued question admitted again
   * when its job runs again).
   */
  consume(key: string, limit: number, windowMs: number, eventId?: string): Promise<RateLimitDecision>;
}
