/**
 * Teams throttles bots (429, with Retry-After) and its connector has passing failures
 * (412, 502, 503, 504); Microsoft's guidance is to retry those with backoff. botbuilder's
 * connector client does not, so outbound posts go through this.
 */

const TRANSIENT_STATUSES = new Set([412, 429, 502, 503, 504]);

export interface RetryOptions {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** Upper bound of one wait, also of a Retry-After the service asks for. */
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

const DEFAULTS: RetryOptions = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export async function retryTransient<T>(
  work: () => Promise<T>,
  options: Partial<RetryOptions> = {},
): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs, sleep } = { ...DEFAULTS, ...options };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const status = statusOf(error);
      if (attempt >= attempts || status === undefined || !TRANSIENT_STATUSES.has(status)) {
        throw error;
      }
      const asked = retryAfterMs(error);
      const backoff = baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await sleep(Math.min(maxDelayMs, asked ?? backoff));
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    typeof error.statusCode === 'number'
    ? error.statusCode
    : undefined;
}

/** Retry-After in seconds (the form Teams uses), from the RestError's response headers. */
function retryAfterMs(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) {
    return undefined;
  }
  const response = error.response;
  if (typeof response !== 'object' || response === null || !('headers' in response)) {
    return undefined;
  }
  const headers = response.headers as { get?: unknown } | null | undefined;
  const get = headers?.get;
  const value =
    typeof get === 'function' ? (get as (name: string) => unknown).call(headers, 'retry-after') : undefined;
  const seconds = typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
