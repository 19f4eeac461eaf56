import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * Runs a long-lived process (the service, a worker): logs stray rejections instead of dying with
 * every job in flight, stops cleanly once on SIGTERM/SIGINT, and reports a failed start on
 * standard error (a configuration error as its list of problems) with a non-zero exit.
 */
export function runProcess(
  name: string,
  start: () => Promise<{ readonly logger: Logger; readonly stop: () => Promise<void> }>,
): void {
  start().then(
    ({ logger, stop }) => {
      process.on('unhandledRejection', (reason) => {
        // A bug to fix, but not a reason to drop every conversation and job in flight.
        logger.error({ err: reason }, 'unhandled promise rejection');
      });
      let stopping = false;
      const onSignal = (signal: string) => {
        if (stopping) {
          return;
        }
        stopping = true;
        logger.info({ signal }, 'stopping');
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'unclean stop');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => onSignal('SIGTERM'));
      process.once('SIGINT', () => onSignal('SIGINT'));
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
