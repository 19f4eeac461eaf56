import { MODEL_REFUSED_MESSAGE, MODEL_THROTTLED_MESSAGE, MODEL_UNAVAILABLE_MESSAGE } from '../../src/answering/model-failure.js';
import { DependencyError, isStewardError, type StewardError } from '../../src/errors.js';

/*
 * Bedrock errors are told apart by `name` (the service's error type, also the exception type of
 * an event-stream frame) and network failures by Node's `code`; messages are free text and never
 * parsed. Everything leaves this adapter as a DependencyError carrying a message for the person.
 */

const THROTTLED = new Set(['ThrottlingException', 'ServiceQuotaExceededException', 'TooManyRequestsException']);

/** Worth running again: the service was briefly unable, not told something wrong. */
const TRANSIENT = new Set([
  'InternalServerException',
  'ServiceUnavailableException',
  'ModelStreamErrorException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'DependencyFailedException',
  'BadGatewayException',
  'TimeoutError',
  'RequestTimeout',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null && name in error ? (error as Record<string, unknown>)[name] : undefined;
}

function errorName(error: unknown): string | undefined {
  const name = field(error, 'name');
  return typeof name === 'string' ? name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  const status = field(field(error, '$metadata'), 'httpStatusCode');
  return typeof status === 'number' ? status : undefined;
}

export function isThrottling(error: unknown): boolean {
  const name = errorName(error);
  return (name !== undefined && THROTTLED.has(name)) || httpStatus(error) === 429;
}

/** Throttling or a transient failure: the same call may succeed if made again a little later. */
export function isRetryable(error: unknown): boolean {
  const name = errorName(error);
  const code = field(error, 'code');
  const status = httpStatus(error);
  return (
    isThrottling(error) ||
    (name !== undefined && TRANSIENT.has(name)) ||
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    (status !== undefined && status >= 500)
  );
}

/** Bedrock refused the request as invalid (for instance tools a model cannot use while streaming). */
export function isValidationError(error: unknown): boolean {
  return errorName(error) === 'ValidationException' || errorName(field(error, 'cause')) === 'ValidationException';
}

/** Our own deadline (BEDROCK_TIMEOUT_MS) fired. */
function isDeadline(error: unknown): boolean {
  return errorName(error) === 'AbortError' || errorName(error) === 'TimeoutError';
}

/** Wraps what the SDK threw into the one error type callers handle, with a message for the person. */
export function toBedrockError(operation: string, error: unknown): StewardError {
  if (isStewardError(error)) {
    return error;
  }
  const name = errorName(error);
  const code = field(error, 'code');
  const detail = [name, typeof code === 'string' ? code : undefined, httpStatus(error)].filter((part) => part !== undefined).join(', ');
  const message = `Bedrock ${operation} failed${detail ? ` (${detail})` : ''}`;
  if (isThrottling(error)) {
    return new DependencyError('bedrock', message, { cause: error, code: 'DEPENDENCY_THROTTLED', userMessage: MODEL_THROTTLED_MESSAGE });
  }
  if (isRetryable(error) || isDeadline(error)) {
    return new DependencyError('bedrock', message, { cause: error, userMessage: MODEL_UNAVAILABLE_MESSAGE });
  }
  // Access denied, unknown model or knowledge base, invalid filter: configuration, not load.
  return new DependencyError('bedrock', message, { cause: error, userMessage: MODEL_REFUSED_MESSAGE });
}
