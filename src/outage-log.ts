import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export interface OutageLogOptions {
  /** How often an outage that goes on is mentioned again. */
  readonly remindEveryMs?: number;
  readonly messages?: { readonly down?: string; readonly stillDown?: string; readonly up?: string };
}

const DEFAULT_REMIND_EVERY_MS = 60_000;

/**
 * Logs a dependency's state changes instead of every failed attempt: clients retry a down Redis
 * or DynamoDB several times a second, and a line (with a stack trace) per attempt buries
 * everything else. The first failure is logged with its reason, then one line a minute while it
 * lasts, then one when it is back. Failures are expected here, so no stack traces: the reason
 * (`ECONNREFUSED ...`) says all there is.
 */
export class OutageLog {
  private downSince: Date | undefined;
  private lastMentioned = 0;
  private failures = 0;

  constructor(
    private readonly dependency: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly options: OutageLogOptions = {},
  ) {}

  get isDown(): boolean {
    return this.downSince !== undefined;
  }

  /** A failed attempt to reach the dependency. */
  down(error: unknown): void {
    const now = this.clock.now();
    this.failures += 1;
    const reason = error instanceof Error ? error.message : String(error);
    if (this.downSince === undefined) {
      this.downSince = now;
      this.lastMentioned = now.getTime();
      this.failures = 1;
      this.logger.error({ dependency: this.dependency, reason }, this.options.messages?.down ?? `${this.dependency} is down`);
      return;
    }
    if (now.getTime() - this.lastMentioned >= (this.options.remindEveryMs ?? DEFAULT_REMIND_EVERY_MS)) {
      this.lastMentioned = now.getTime();
      this.logger.warn(
        { dependency: this.dependency, reason, downForSeconds: this.secondsSince(now), failedAttempts: this.failures },
        this.options.messages?.stillDown ?? `${this.dependency} is still down`,
      );
    }
  }

  /** A successful attempt; logs the recovery when it was down. */
  up(): void {
    if (this.downSince === undefined) {
      return;
    }
    const now = this.clock.now();
    this.logger.info(
      { dependency: this.dependency, downForSeconds: this.secondsSince(now), failedAttempts: this.failures },
      this.options.messages?.up ?? `${this.dependency} is back up`,
    );
    this.downSince = undefined;
    this.failures = 0;
  }

  private secondsSince(now: Date): number {
    return Math.round((now.getTime() - (this.downSince ?? now).getTime()) / 1000);
  }
}
