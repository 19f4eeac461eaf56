import type { Clock } from '../../src/clock.js';
import {
  ActionExecutionError,
  type ActionExecutor,
  type ActionResult,
  type ActionRun,
} from '../../src/ports/action-executor.js';
import { defaultBody, renderTemplate, renderUrl } from './body-template.js';
import { BlockedAddressError } from './blocked-addresses.js';
import { type GuardedAnswer, HttpTimeoutError, type Resolver, guardedRequest } from './guarded-http.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

export interface WebhookExecutorOptions {
  readonly url: string;
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Plain and secret headers together, secrets already resolved. Never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly signingSecret: string;
  readonly body: unknown;
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** How host names are resolved (the system resolver unless a test gives its own). */
  readonly resolve?: Resolver;
}

const MAX_REASON_CHARS = 300;
/** Read a little more than is shown: white space is folded before the cut. */
const MAX_READ_CHARS = 4 * MAX_REASON_CHARS;
const MAX_RETRY_AFTER_SECONDS = 3600;

/**
 * Calls an HTTP endpoint with a signed JSON body, never a link-local or cloud metadata address. The outcome follows HTTP: 2xx succeeded; 408,
 * 425, 429, 5xx, timeouts and unreachable hosts are worth retrying; any other status (4xx, and
 * 3xx: redirects are not followed, so secret headers never reach another host) fails at once.
 */
export class WebhookExecutor implements ActionExecutor {
  constructor(private readonly options: WebhookExecutorOptions) {}

  describe(): string {
    return `${this.options.method} ${this.options.url}`;
  }

  async execute(run: ActionRun): Promise<ActionResult> {
    const body = JSON.stringify(
      this.options.body === undefined ? defaultBody(run) : renderTemplate(this.options.body, run),
    );
    const timestamp = Math.floor(this.options.clock.now().getTime() / 1000);
    let url: URL;
    try {
      url = renderUrl(this.options.url, run);
    } catch (error) {
      // A value that would change where the call goes: nothing was sent, and no retry can help.
      throw new ActionExecutionError(error instanceof Error ? error.message : 'the URL cannot be filled', {
        retryable: false,
        cause: error,
      });
    }
    let response: GuardedAnswer;
    try {
      response = await guardedRequest(url, {
        method: this.options.method,
        headers: {
          ...this.options.headers,
          'content-type': 'application/json',
          'idempotency-key': run.idempotencyKey,
          'steward-request-id': run.requestId,
          'steward-attempt': String(run.attempt),
          [SIGNATURE_HEADER.toLowerCase()]: signWebhook(this.options.signingSecret, body, timestamp),
        },
        body,
        timeoutMs: this.options.timeoutMs,
        maxBodyChars: MAX_READ_CHARS,
        ...(this.options.resolve !== undefined ? { resolve: this.options.resolve } : {}),
      });
    } catch (error) {
      if (error instanceof BlockedAddressError) {
        throw new ActionExecutionError(error.message, { retryable: false, cause: error });
      }
      throw new ActionExecutionError(networkSummary(error, this.options.timeoutMs), {
        retryable: true,
        unknown: mayHaveArrived(error),
        cause: error,
      });
    }
    const text = response.text.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_CHARS);
    if (response.status >= 200 && response.status < 300) {
      return { summary: withDetail(`HTTP ${response.status}`, text) };
    }
    const retryable = isRetryableStatus(response.status);
    const retryAfter = retryable
      ? retryAfterSeconds(response.header('retry-after') ?? null, this.options.clock.now())
      : undefined;
    throw new ActionExecutionError(withDetail(`HTTP ${response.status}`, text), {
      retryable,
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * Errors raised before the request could leave this host (no address, refused, unreachable):
 * the receiver cannot have acted. Anything else (a timeout, a connection lost mid-way) may have
 * reached it.
 */
const NOT_SENT_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
]);

function mayHaveArrived(error: unknown): boolean {
  const code = errorCode(error);
  return code === undefined || !NOT_SENT_CODES.has(code);
}

function errorCode(error: unknown): string | undefined {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
}

function networkSummary(error: unknown, timeoutMs: number): string {
  if (error instanceof HttpTimeoutError) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code ? `could not reach the endpoint (${code})` : 'could not reach the endpoint';
}

function withDetail(summary: string, detail: string): string {
  return detail ? `${summary}: ${detail}` : summary;
}

function retryAfterSeconds(header: string | null, now: Date): number | undefined {
  if (!header) {
    return undefined;
  }
  const seconds = /^\d+$/.test(header.trim())
    ? Number(header.trim())
    : (Date.parse(header) - now.getTime()) / 1000;
  return Number.isFinite(seconds) && seconds >= 0
    ? Math.min(Math.ceil(seconds), MAX_RETRY_AFTER_SECONDS)
    : undefined;
}
