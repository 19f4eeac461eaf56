import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';

export interface RunningProcess {
  readonly logger: Logger;
  /** Graceful stop: no new work, work in flight finishes or is handed back, dependencies close. */
  readonly stop: () => Promise<void>;
  /** How long `stop` may take before the process exits anyway (SHUTDOWN_GRACE_SECONDS). */
  readonly graceMs: number;
}

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** What a process killed by a signal conventionally exits with: 128 + the signal's number. */
const SIGNAL_EXIT_CODES: Record<(typeof STOP_SIGNALS)[number], number> = { SIGTERM: 143, SIGINT: 130 };

/**
 * Runs a long-lived process (the service, a worker): logs stray rejections instead of dying with
 * every job in flight, stops cleanly on SIGTERM/SIGINT, and reports a failed start on standard
 * error (a configuration error as its list of problems) with a non-zero exit.
 *
 * Stopping is bounded. A dependency that is down (Redis, DynamoDB) can hold a graceful stop open
 * for minutes, and a process manager then escalates to SIGKILL, which runs no clean-up at all and
 * orphans child processes such as the embedded DynamoDB Local. So the stop gets `graceMs`, after
 * which the process exits anyway; a second signal exits at once. Both exits go through
 * `process.exit`, whose 'exit' listeners kill child processes synchronously. The handlers are in
 * place before start-up begins, so a signal during a slow start also exits through them instead of
 * Node's default, which would leave a half-started DynamoDB Local running.
 */
export function runProcess(name: string, start: () => Promise<RunningProcess>): void {
  let running: RunningProcess | undefined;
  let stopping = false;

  const onSignal = (signal: (typeof STOP_SIGNALS)[number]) => {
    if (running === undefined) {
      process.stderr.write(`${name} received ${signal} while starting; exiting\n`);
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
    const { logger, stop, graceMs } = running;
    if (stopping) {
      logger.warn({ signal }, 'second stop signal: exiting without waiting for the graceful stop');
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
    stopping = true;
    logger.info({ signal, graceSeconds: graceMs / 1000 }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error(
        { signal, graceSeconds: graceMs / 1000 },
        'stop did not finish within the grace period: exiting; unfinished jobs are handed back by their queue',
      );
      process.exit(1);
    }, graceMs);
    stop().then(
      () => {
        clearTimeout(deadline);
        logger.info({ signal }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => onSignal(signal));
  }

  start().then(
    (started) => {
      running = started;
      process.on('unhandledRejection', (reason) => {
        // A bug to fix, but not a reason to drop every conversation and job in flight.
        started.logger.error({ err: reason }, 'unhandled promise rejection');
      });
    },
    (error: unknown) => {
      process.stderr.write(describeStartFailure(name, error));
      process.exit(1);
    },
  );
}

function describeStartFailure(name: string, error: unknown): string {
  if (error instanceof ConfigError) {
    return `${error.message}\n`;
  }
  const lines = [`${name} could not start: ${error instanceof Error ? error.message : String(error)}`];
  if (error instanceof Error && error.cause !== undefined) {
    lines.push(`  cause: ${error.cause instanceof Error ? error.cause.message : JSON.stringify(error.cause)}`);
  }
  return `${lines.join('\n')}\n`;
}
