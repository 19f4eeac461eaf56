import { type Clock, systemClock } from '../clock.js';
import { DefaultChannelSettingsReader } from '../channels/default-channel-settings-reader.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import { startHttpServer, type RunningHttpServer } from '../../adapters/http/http-server.js';
import { createRedisReadinessCheck } from '../../adapters/redis/redis-health.js';
import { type Core, createCore } from './core.js';
import { createKnowledgeProviders, modelProviderConfig } from './knowledge.js';
import { metricsRoute } from './metrics-route.js';
import { ensureTableInBackground, openStorage, type Storage } from './storage.js';

export interface RunningService {
  readonly http: RunningHttpServer;
  readonly storage: Storage;
  readonly core: Core;
  /** Graceful stop: no new requests, in-flight ones finish, then dependencies close. */
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** Wires and starts everything `npm start` runs. */
export async function startService(appConfig: AppConfig, options: StartServiceOptions): Promise<RunningService> {
  const { logger } = options;
  const config = appConfig.core;
  const clock = options.clock ?? systemClock;

  const storage = await openStorage(config, clock, logger);
  const tableSetup = ensureTableInBackground(storage, logger);
  const providers = await createKnowledgeProviders(config, logger, modelProviderConfig(appConfig));
  const core = createCore(config, {
    ...providers,
    channelSettings: new DefaultChannelSettingsReader(),
    store: storage.store,
    ledger: storage.ledger,
    clock,
    logger,
  });
  const redis = createRedisReadinessCheck(config.redisUrl);

  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      port: config.port,
      logger,
      readinessChecks: [storage.readiness, redis],
      routes: [metricsRoute(core.conversations.metrics)],
    });
  } catch (error) {
    tableSetup.stop();
    providers.close();
    await Promise.allSettled([redis.close(), storage.close()]);
    throw error;
  }
  logger.info({ reason: 'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set' }, 'slack disabled');
  logger.info({ reason: 'MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are not set' }, 'teams disabled');

  return {
    http,
    storage,
    core,
    async stop() {
      await http.close();
      tableSetup.stop();
      providers.close();
      await Promise.allSettled([redis.close(), storage.close()]);
    },
  };
}
