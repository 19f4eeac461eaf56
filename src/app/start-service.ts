import { type Clock, systemClock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import { startHttpServer, type RunningHttpServer } from '../../adapters/http/http-server.js';
import { createRedisReadinessCheck } from '../../adapters/redis/redis-health.js';
import { type AdminFeature, createAdminFeature } from './admin.js';
import { type Core, createCore } from './core.js';
import { createKnowledgeProviders } from './knowledge.js';
import { ensureTableInBackground, openStorage, type Storage } from './storage.js';
import { type RunningTeams, startTeams, type TeamsOverrides } from './teams.js';

export interface RunningService {
  readonly http: RunningHttpServer;
  readonly storage: Storage;
  readonly core: Core;
  readonly admin: AdminFeature;
  /** Present when Teams is configured. */
  readonly teams?: RunningTeams;
  /** Graceful stop: no new requests, in-flight ones finish, then dependencies close. */
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly teams?: TeamsOverrides;
}

/** Wires and starts everything `npm start` runs. */
export async function startService(appConfig: AppConfig, options: StartServiceOptions): Promise<RunningService> {
  const { logger } = options;
  const config = appConfig.core;
  const clock = options.clock ?? systemClock;

  const storage = await openStorage(config, clock, logger);
  const tableSetup = ensureTableInBackground(storage, logger);
  const providers = await createKnowledgeProviders(config, logger);
  const admin = createAdminFeature(appConfig, { storage, clock, logger });
  const core = createCore(config, {
    ...providers,
    store: storage.store,
    ledger: storage.ledger,
    clock,
    logger,
    channels: admin.enforcement,
  });
  const redis = createRedisReadinessCheck(config.redisUrl);
  const teams = startTeams(
    appConfig.teams,
    {
      core,
      adminUseCases: admin.useCases,
      settingsReader: admin.settingsReader,
      storage,
      coreConfig: config,
      clock,
      logger,
    },
    options.teams,
  );

  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      port: config.port,
      logger,
      readinessChecks: [storage.readiness, redis],
      routes: [...admin.routes, ...(teams ? [teams.route] : [])],
    });
  } catch (error) {
    tableSetup.stop();
    await Promise.allSettled([redis.close(), admin.close(), storage.close()]);
    throw error;
  }
  logger.info({ reason: 'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set' }, 'slack disabled');

  return {
    http,
    storage,
    core,
    admin,
    ...(teams ? { teams } : {}),
    async stop() {
      await http.close();
      await teams?.stop();
      tableSetup.stop();
      await Promise.allSettled([redis.close(), admin.close(), storage.close()]);
    },
  };
}
