import { StandardRetryStrategy } from '@smithy/core/retry';

export interface RetryPolicyOptions {
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  /**
   * Multiplies every backoff delay. 1 in production (the SDK's bases: 1 s after a throttle, 50 ms
   * after a transient error); tests shrink it so a throttling scenario runs in milliseconds.
   */
  readonly delayScale?: number;
  /** No single wait is longer than this. */
  readonly maxDelayMs?: number;
}

const DEFAULT_MAX_DELAY_MS = 20_000;
/** The SDK's base for non-throttling retries (its "transient" base). */
const TRANSIENT_BASE_DELAY_MS = 50;

/**
 * Exponential backoff with full jitter: wait a random time between 0 and base × 2^attempt. The
 * randomness spreads the retries of many conversations hitting one throttled model, so they do
 * not all come back at the same instant and get throttled again.
 */
class FullJitterBackoff {
  private base = TRANSIENT_BASE_DELAY_MS;

  constructor(
    private readonly scale: number,
    private readonly maxDelayMs: number,
  ) {}

  /** Called by the strategy before each wait: 1 s after a throttle, the transient base otherwise. */
  setDelayBase(delayMs: number): void {
    this.base = delayMs;
  }

  computeNextBackoffDelay(retriesSoFar: number): number {
    const ceiling = Math.min(this.base * this.scale * 2 ** retriesSoFar, this.maxDelayMs * this.scale);
    return Math.floor(Math.random() * ceiling);
  }
}

/**
 * The retry strategy of both Bedrock clients, chosen rather than inherited: the SDK's standard
 * strategy (throttling and transient errors only, a shared retry budget that stops retry storms
 * when the service is down), our attempt count, full-jitter backoff. Each client gets its own, so
 * a throttled model cannot spend the knowledge base's retry budget.
 */
export function createRetryStrategy(options: RetryPolicyOptions): StandardRetryStrategy {
  return new StandardRetryStrategy({
    maxAttempts: options.maxAttempts,
    baseDelay: TRANSIENT_BASE_DELAY_MS,
    backoff: new FullJitterBackoff(options.delayScale ?? 1, options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS),
  });
}

/** The wait before re-running a stream that broke mid-way (the SDK only retries before a stream starts). */
export function streamRetryDelayMs(attempt: number, delayScale: number): number {
  return Math.floor(Math.random() * Math.min(1000 * 2 ** (attempt - 1), DEFAULT_MAX_DELAY_MS) * delayScale);
}
