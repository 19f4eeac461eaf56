import type { Clock } from '../../src/clock.js';
import { DependencyError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { GraphRefusal, graphErrorOf } from './graph-errors.js';
import type { GraphTokenSource } from './graph-token-source.js';
import { retryAfterMs } from './retry-after.js';

export interface GraphRetryPolicy {
  /** Tries per request, the first included. */
  readonly attempts: number;
  /** Wait before a retry when Graph does not say how long (doubled each time). */
  readonly backoffMs: number;
  /**
   * The longest wait a retry may need. Graph asking for longer (a Retry-After of minutes) ends
   * the request at once as throttled: the person waiting for an answer should hear now.
   */
  readonly maxWaitMs: number;
  /** One try is abandoned after this long. */
  readonly timeoutMs: number;
  /** No retry starts, and no try runs on, past this long after the first began. */
  readonly deadlineMs: number;
}

/**
 * Teams shows an error if a card click is not answered within about five seconds, so the default
 * tries stay inside that: three tries, at most a second and a half of waiting between them, and
 * four seconds in all.
 */
export const DEFAULT_GRAPH_RETRY: GraphRetryPolicy = {
  attempts: 3,
  backoffMs: 200,
  maxWaitMs: 1_500,
  timeoutMs: 3_000,
  deadlineMs: 4_000,
};

export interface GraphClientOptions {
  /** Graph's root, e.g. https://graph.microsoft.com (a national cloud's, or a test's fake). */
  readonly baseUrl: string;
  readonly tokens: GraphTokenSource;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly retry?: Partial<GraphRetryPolicy>;
  /** How a retry waits; tests pass one that records the wait instead of sleeping. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Statuses Graph documents as transient: throttling, and the service being briefly unavailable. */
const TRANSIENT = new Set([429, 500, 502, 503, 504]);

const DEPENDENCY = 'microsoft-graph';

/**
 * The few Microsoft Graph v1.0 calls Steward makes, with app-only tokens. A 4xx answer is a
 * GraphRefusal for the caller to interpret; throttling and 5xx are retried as Graph asks
 * (Retry-After), and an outage, a timeout or an unusable token is a DependencyError.
 */
export class GraphClient {
  private readonly baseUrl: string;
  private readonly retry: GraphRetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/u, '');
    this.retry = { ...DEFAULT_GRAPH_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * `POST /users/{id}/checkMemberGroups`: which of `groupIds` (at most 20) the user belongs to,
   * directly or through nested groups.
   */
  async checkMemberGroups(tenantId: string, userId: string, groupIds: readonly string[]): Promise<string[]> {
    const body = await this.post(
      tenantId,
      `/v1.0/users/${encodeURIComponent(userId)}/checkMemberGroups`,
      { groupIds },
      'checkMemberGroups',
    );
    const value = typeof body === 'object' && body !== null ? (body as { value?: unknown }).value : undefined;
    if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) {
      throw new DependencyError(
        DEPENDENCY,
        'Microsoft Graph checkMemberGroups answered without a list of ids',
      );
    }
    return value;
  }

  private async post(tenantId: string, path: string, payload: unknown, operation: string): Promise<unknown> {
    const token = await this.options.tokens.token(tenantId);
    const deadline = this.options.clock.now().getTime() + this.retry.deadlineMs;
    for (let attempt = 1; ; attempt += 1) {
      const remaining = deadline - this.options.clock.now().getTime();
      const timeoutMs = Math.max(1, Math.min(this.retry.timeoutMs, remaining));
      const outcome = await this.attempt(`${this.baseUrl}${path}`, token, payload, operation, timeoutMs);
      if (outcome.kind === 'done') {
        return outcome.body;
      }
      const wait = outcome.waitMs ?? this.retry.backoffMs * 2 ** (attempt - 1);
      const late = this.options.clock.now().getTime() + wait >= deadline;
      if (attempt >= this.retry.attempts || wait > this.retry.maxWaitMs || late) {
        this.options.logger.warn(
          { operation, attempts: attempt, status: outcome.status, askedToWaitMs: outcome.waitMs },
          'microsoft graph gave up',
        );
        throw outcome.error;
      }
      this.options.logger.info(
        { operation, attempt, status: outcome.status, waitMs: wait },
        'microsoft graph retrying',
      );
      await this.sleep(wait);
    }
  }

  private async attempt(
    url: string,
    token: string,
    payload: unknown,
    operation: string,
    timeoutMs: number,
  ): Promise<
    | { readonly kind: 'done'; readonly body: unknown }
    | {
        readonly kind: 'retry';
        readonly error: DependencyError;
        readonly status?: number;
        readonly waitMs?: number;
      }
  > {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return {
        kind: 'retry',
        error: new DependencyError(DEPENDENCY, `Microsoft Graph ${operation} did not answer`, {
          cause: error,
        }),
      };
    }
    const body = await readJson(response);
    if (response.ok) {
      return { kind: 'done', body };
    }
    const { code, message } = graphErrorOf(body);
    if (TRANSIENT.has(response.status)) {
      const waitMs = retryAfterMs(response.headers.get('retry-after'), this.options.clock.now());
      return {
        kind: 'retry',
        status: response.status,
        ...(waitMs !== undefined ? { waitMs } : {}),
        error: new DependencyError(
          DEPENDENCY,
          `Microsoft Graph ${operation} answered ${response.status} ${code}`.trimEnd(),
          {
            cause: new GraphRefusal(response.status, code, message),
            ...(response.status === 429 ? { code: 'DEPENDENCY_THROTTLED' as const } : {}),
          },
        ),
      };
    }
    throw new GraphRefusal(response.status, code, message);
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
