/** Time and timers, injectable so tests can drive the throttle without waiting. */
export interface TimerSource {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: TimerSource = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Applies the most recent value at most once per interval, one application at a time. Values
 * that arrive meanwhile replace each other, so a fast stream of growing answer text becomes a
 * few message updates, each showing the newest text.
 */
export class LatestOnlyThrottle<T> {
  private pending: { readonly value: T } | undefined;
  private inFlight: Promise<void> | undefined;
  private timer: unknown;
  private lastStart = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly apply: (value: T) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly timers: TimerSource = systemTimers,
  ) {}

  push(value: T): void {
    if (this.closed) {
      return;
    }
    this.pending = { value };
    this.schedule();
  }

  /**
   * Drops values not yet applied and waits for the one in flight, so that a final write made
   * after `close` can never be overtaken by a progress write.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = undefined;
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.inFlight;
  }

  private schedule(): void {
    if (
      this.inFlight !== undefined ||
      this.timer !== undefined ||
      this.pending === undefined ||
      this.closed
    ) {
      return;
    }
    const wait = Math.max(0, this.lastStart + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.runPending();
    }, wait);
  }

  private runPending(): void {
    const next = this.pending;
    if (next === undefined || this.closed) {
      return;
    }
    this.pending = undefined;
    this.lastStart = this.timers.now();
    this.inFlight = this.apply(next.value)
      .catch(this.onError)
      .finally(() => {
        this.inFlight = undefined;
        this.schedule();
      });
  }
}
