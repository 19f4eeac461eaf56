/*
 * How the approval workers tell an unreachable Redis (an outage, logged once as a state change)
 * from other failures. The connections themselves are opened by the composition root
 * (adapters/bullmq/redis-connections.ts) and handed to the queues.
 */

/** Network failures a Redis client reports while Redis is unreachable (codes of Node's net errors). */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * True for the errors of an unreachable Redis (expected during an outage, logged once as a state
 * change); false for anything else, which keeps its stack trace in the logs.
 */
export function isRedisConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && CONNECTION_ERROR_CODES.has(code)) ||
    error.message === 'Connection is closed.' ||
    /^connect ETIMEDOUT|^Reached the max retries per request limit/.test(error.message)
  );
}
