import { StewardError } from '../errors.js';
import type { Person } from '../approval-rules/approval-types.js';

/** One run of an approved action, as the executor receives it. */
export interface ActionRun {
  readonly requestId: string;
  /**
   * The same for every attempt of one request, so a receiver that saw an earlier attempt (one
   * whose answer was lost, or whose worker died) can recognise the repeat and not act twice.
   */
  readonly idempotencyKey: string;
  readonly actionId: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly parametersHash: string;
  readonly requester: Person;
  readonly approvers: readonly Person[];
  readonly reason: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export interface ActionResult {
  /** Shown in the thread and on the card: "HTTP 200", "HTTP 202: queued as job 42". Never secrets. */
  readonly summary: string;
}

/**
 * The action did not run to completion. `retryable` failures (HTTP 5xx and 429, unreachable
 * hosts) are tried again with backoff; the others (HTTP 4xx) fail the request at once. An
 * `unknown` outcome (no answer in time, a connection lost after the request was sent) may have
 * taken effect: it is sent again only for an action the catalogue marks idempotent.
 */
export class ActionExecutionError extends StewardError {
  readonly retryable: boolean;
  /** Shown to people; never secrets. */
  readonly summary: string;
  /** Seconds the receiver asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
  /** The request may have reached the receiver and been acted on. */
  readonly unknown: boolean;

  constructor(
    summary: string,
    options: { retryable: boolean; unknown?: boolean; retryAfterSeconds?: number; cause?: unknown },
  ) {
    super('ACTION_FAILED', summary, { cause: options.cause });
    this.summary = summary;
    this.retryable = options.retryable;
    this.unknown = options.unknown ?? false;
    if (options.retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = options.retryAfterSeconds;
    }
  }
}

/** Runs one kind of action (a webhook call...). Throws ActionExecutionError when it did not succeed. */
export interface ActionExecutor {
  /** What runs, for the card: "POST https://ops.example.com/hooks/restart". No secrets. */
  describe(): string;
  execute(run: ActionRun): Promise<ActionResult>;
}

/**
 * Builds the executor an action's `executor:` block describes, or lists what is wrong with the
 * block. One factory per executor kind (`webhook`...), registered by the composition root.
 */
export type ExecutorFactory = (
  spec: Readonly<Record<string, unknown>>,
  context: { readonly actionId: string; readonly parameterNames: readonly string[] },
) => { readonly executor: ActionExecutor } | { readonly problems: readonly string[] };
