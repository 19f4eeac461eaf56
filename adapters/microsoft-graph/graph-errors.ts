import { StewardError } from '../../src/errors.js';

/**
 * Microsoft Graph answered and said no: `{"error": {"code": "Request_ResourceNotFound", ...}}`
 * with a 4xx status. Outages, throttling that outlasted the retries and unusable tokens are
 * DependencyErrors instead (see graph-client.ts).
 */
export class GraphRefusal extends StewardError {
  constructor(
    readonly status: number,
    /** Graph's own error code (`Request_ResourceNotFound`, `Request_BadRequest`...). */
    readonly graphCode: string,
    readonly graphMessage: string,
    options?: { cause?: unknown },
  ) {
    super(
      'PLATFORM_REJECTED',
      `Microsoft Graph refused the request (${status} ${graphCode}): ${graphMessage}`,
      options,
    );
  }
}

/** The `error` object of a Graph error body; empty strings when the body is not Graph's. */
export function graphErrorOf(body: unknown): { readonly code: string; readonly message: string } {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) {
    return { code: '', message: '' };
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    code: typeof code === 'string' ? code : '',
    message: typeof message === 'string' ? message : '',
  };
}
