import { DefaultChannelSettingsReader } from '../channels/default-channel-settings-reader.js';
import { PlatformGroupDirectory } from '../channels/platform-group-directory.js';
import { systemClock } from '../clock.js';
import { parseAppConfig } from '../config/app-config.js';
import { loadEnv } from '../config/environment.js';
import { createLogger } from '../logger.js';
import { startApprovals } from './approvals.js';
import { runProcess } from './process-lifecycle.js';
import { ensureTableInBackground, openStorage } from './storage.js';

/**
 * `npm run worker`: the approvals worker on its own, for running more of them than service
 * instances (start several; the store's conditional writes keep every outcome single).
 */
runProcess('The approval worker', async () => {
  const env = loadEnv();
  const config = parseAppConfig(env);
  const logger = createLogger({ level: config.core.logLevel }).child({ process: 'approval-worker' });
  const storage = await openStorage(config.core, systemClock, logger);
  const tableSetup = ensureTableInBackground(storage, logger);
  const approvals = await startApprovals(
    config,
    {
      storage,
      // This process only runs jobs; channel settings are read where requests are made and decided.
      settings: new DefaultChannelSettingsReader(),
      groups: new PlatformGroupDirectory(),
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
  return {
    logger,
    graceMs: config.core.shutdownGraceMs,
    stop: async () => {
      tableSetup.stop();
      await approvals.close();
      await storage.close();
    },
  };
});
