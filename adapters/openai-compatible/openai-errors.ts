import OpenAI from 'openai';
import { MODEL_REFUSED_MESSAGE, MODEL_THROTTLED_MESSAGE, MODEL_UNAVAILABLE_MESSAGE } from '../../src/answering/model-failure.js';
import { DependencyError, isStewardError, type StewardError } from '../../src/errors.js';

const DEPENDENCY = 'model server';

/** Worth asking again: rate limited, overloaded, unreachable, or an error reported inside a stream. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError) {
    return true;
  }
  if (error instanceof OpenAI.APIError) {
    return error.status === undefined || error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
  }
  return false;
}

/** Translates what the openai client threw (after its own retries) into a DependencyError. */
export function toModelServerError(operation: string, error: unknown): StewardError {
  if (isStewardError(error)) {
    return error;
  }
  const status = error instanceof OpenAI.APIError ? (error.status as number | undefined) : undefined;
  const message = `Model server ${operation} failed (${error instanceof Error ? error.name : 'error'}${status !== undefined ? `, ${status}` : ''})`;
  if (status === 429) {
    return new DependencyError(DEPENDENCY, message, { cause: error, code: 'DEPENDENCY_THROTTLED', userMessage: MODEL_THROTTLED_MESSAGE });
  }
  if (isRetryable(error) || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))) {
    return new DependencyError(DEPENDENCY, message, { cause: error, userMessage: MODEL_UNAVAILABLE_MESSAGE });
  }
  return new DependencyError(DEPENDENCY, message, { cause: error, userMessage: MODEL_REFUSED_MESSAGE });
}
