import type { Clock } from '../../src/clock.js';

/**
 * Remembers until when Slack asked us to slow down (the last 429's Retry-After), so optional
 * calls such as progress updates of a streaming answer can be skipped while it lasts and the
 * calls that matter (the final answer) are not queued behind them.
 */
export class RateLimitWindow {
  private until = 0;

  constructor(private readonly clock: Clock) {}

  noteRetryAfter(seconds: number): void {
    this.until = Math.max(this.until, this.clock.now().getTime() + seconds * 1000);
  }

  isLimited(): boolean {
    return this.clock.now().getTime() < this.until;
  }
}
