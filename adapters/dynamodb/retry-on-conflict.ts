import { setTimeout as sleep } from 'node:timers/promises';
import { isTransactionConflict } from './dynamo-errors.js';

const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 15;

/**
 * Repeats `operation` while it fails only because a transaction on the same item was in flight
 * (e.g. a feedback update racing a fold). Jitter keeps two writers from colliding again in step.
 */
export async function retryOnTransactionConflict<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransactionConflict(error)) {
        throw error;
      }
      await sleep(BASE_DELAY_MS * attempt * (0.5 + Math.random()));
    }
  }
}
