import { WebAPIPlatformError } from '@slack/web-api';
import { DependencyError, StewardError } from '../../src/errors.js';

/** Slack answered, and said no: `not_in_channel`, `channel_not_found`, `invalid_blocks`... */
export class SlackPlatformError extends StewardError {
  constructor(
    readonly method: string,
    /** Slack's own error code, for logs and for callers that react to one (`not_in_channel`). */
    readonly slackError: string,
    options?: { cause?: unknown },
  ) {
    super('PLATFORM_REJECTED', `Slack refused ${method}: ${slackError}`, options);
  }
}

/**
 * Translates what the Web API client throws at the adapter's boundary, keeping the original as
 * `cause`: a refusal becomes SlackPlatformError; anything else (network, HTTP status, retries
 * used up on rate limits) means Slack could not be reached, a DependencyError.
 */
export function toSlackError(error: unknown, method: string): StewardError {
  if (error instanceof StewardError) {
    return error;
  }
  if (error instanceof WebAPIPlatformError) {
    return new SlackPlatformError(method, error.data.error, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DependencyError('slack', `Slack did not answer ${method}: ${detail}`, { cause: error });
}

export function isSlackPlatformError(
  error: unknown,
  ...codes: readonly string[]
): error is SlackPlatformError {
  return error instanceof SlackPlatformError && (codes.length === 0 || codes.includes(error.slackError));
}
