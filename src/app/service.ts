import { parseAppConfig } from '../config/app-config.js';
import { loadEnv } from '../config/environment.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../logger.js';
import { startService } from './start-service.js';

/** `npm start`: validate configuration, start, and stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const env = loadEnv();
  const config = parseAppConfig(env);
  const logger = createLogger({ level: config.core.logLevel });
  process.on('unhandledRejection', (reason) => {
    // A stray rejection must not take down every conversation in flight; it is a bug to fix.
    logger.error({ err: reason }, 'unhandled promise rejection');
  });

  const service = await startService(config, { logger, approvals: { env } });
  logger.info({ url: `http://localhost:${service.http.port}`, nodeEnv: config.core.nodeEnv }, 'steward started');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Steward could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    if (error instanceof Error && error.cause !== undefined) {
      const cause = error.cause instanceof Error ? error.cause.message : JSON.stringify(error.cause);
      process.stderr.write(`  cause: ${cause}\n`);
    }
  }
  process.exit(1);
});
