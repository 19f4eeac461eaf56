import { DependencyError, isStewardError, type StewardError } from '../../src/errors.js';

/*
 * The SDK reports service errors by `name` (the DynamoDB error type) and network failures by Node's
 * error `code` or the SDK's `TimeoutError`; messages are free text and vary between AWS and
 * DynamoDB Local, so nothing here looks at them.
 */

export function errorName(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') {
    return error.name;
  }
  return undefined;
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) {
    return undefined;
  }
  const metadata = error.$metadata;
  if (typeof metadata === 'object' && metadata !== null && 'httpStatusCode' in metadata) {
    return typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  }
  return undefined;
}

function networkCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

export function isResourceNotFound(error: unknown): boolean {
  return errorName(error) === 'ResourceNotFoundException';
}

/** The per-action reason codes of a cancelled transaction, or undefined for any other error. */
export function cancellationCodes(error: unknown): readonly string[] | undefined {
  if (errorName(error) !== 'TransactionCanceledException') {
    return undefined;
  }
  const reasons =
    typeof error === 'object' && error !== null && 'CancellationReasons' in error
      ? error.CancellationReasons
      : undefined;
  if (!Array.isArray(reasons)) {
    return [];
  }
  return reasons.map((reason: unknown) =>
    typeof reason === 'object' && reason !== null && 'Code' in reason && typeof reason.Code === 'string'
      ? reason.Code
      : 'None',
  );
}

/**
 * Another transaction was working on the same item: nothing was written and the same call may
 * simply be repeated. DynamoDB does not retry these itself.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (errorName(error) === 'TransactionConflictException') {
    return true;
  }
  const codes = cancellationCodes(error);
  return (
    codes !== undefined && codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed')
  );
}

/** Wraps anything the SDK threw so callers see one error type for "DynamoDB did not do it". */
export function toDependencyError(operation: string, error: unknown): StewardError {
  if (isStewardError(error)) {
    return error;
  }
  const detail = [errorName(error), networkCode(error), httpStatus(error)]
    .filter((part) => part !== undefined)
    .join(', ');
  return new DependencyError('dynamodb', `DynamoDB ${operation} failed${detail ? ` (${detail})` : ''}`, {
    cause: error,
  });
}
