import { DefaultChannelSettingsReader } from '../channels/default-channel-settings-reader.js';
import { systemClock } from '../clock.js';
import { parseAppConfig } from '../config/app-config.js';
import { loadEnv } from '../config/environment.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../logger.js';
import { noGroups, startApprovals } from './approvals.js';
import { ensureTableInBackground, openStorage } from './storage.js';

/**
 * `npm run worker`: the approvals worker on its own, for running more of them than service
 * instances (start several; the store's conditional writes keep every outcome single).
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const config = parseAppConfig(env);
  const logger = createLogger({ level: config.core.logLevel }).child({ process: 'approval-worker' });
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  const storage = await openStorage(config.core, systemClock, logger);
  const tableSetup = ensureTableInBackground(storage, logger);
  const approvals = await startApprovals(
    config,
    {
      storage,
      // This process only runs jobs; channel settings are read where requests are made and decided.
      settings: new DefaultChannelSettingsReader(),
      groups: noGroups,
      cardMessengers: [],
      chatMessengers: [],
      env,
      clock: systemClock,
      logger,
    },
    // Card updates need the chat platforms' connections: the service processes do them.
    { work: true, notices: false },
  );
  logger.info(
    { queuePrefix: config.approvals.queuePrefix, concurrency: config.approvals.concurrency },
    'approval worker started',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    tableSetup.stop();
    approvals
      .close()
      .then(() => storage.close())
      .then(
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
  process.stderr.write(
    error instanceof ConfigError
      ? `${error.message}\n`
      : `The approval worker could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
