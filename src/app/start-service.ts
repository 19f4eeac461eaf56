import { BackgroundTasks } from '../background-tasks.js';
import { type Clock, systemClock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { LanguageModel } from '../ports/language-model.js';
import { startHttpServer, type RunningHttpServer } from '../../adapters/http/http-server.js';
import { createRedisReadinessCheck } from '../../adapters/redis/redis-health.js';
import { type Core, createCore } from './core.js';
import { createKnowledgeProviders } from './knowledge.js';
import { type SlackIntegration, startSlack } from './slack.js';
import { ensureTableInBackground, openStorage, type Storage } from './storage.js';

export interface RunningService {
  readonly http: RunningHttpServer;
  readonly storage: Storage;
  readonly core: Core;
  /** Work still running after a platform request was acknowledged (answers being written). */
  readonly background: BackgroundTasks;
  readonly slack: SlackIntegration;
  /** Graceful stop: no new requests, in-flight ones finish, then dependencies close. */
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** A knowledge source and model to use instead of the configured ones (tests, embedding). */
  readonly providers?: { readonly knowledge: KnowledgeBase; readonly model: LanguageModel };
}

/** Wires and starts everything `npm start` runs. */
export async function startService(appConfig: AppConfig, options: StartServiceOptions): Promise<RunningService> {
  const { logger } = options;
  const config = appConfig.core;
  const clock = options.clock ?? systemClock;

  const storage = await openStorage(config, clock, logger);
  const tableSetup = ensureTableInBackground(storage, logger);
  const providers = options.providers ?? (await createKnowledgeProviders(config, logger));
  const core = createCore(config, {
    knowledge: providers.knowledge,
    model: providers.model,
    store: storage.store,
    ledger: storage.ledger,
    clock,
    logger,
  });
  const redis = createRedisReadinessCheck(config.redisUrl);
  const background = new BackgroundTasks(logger);
  const slack = startSlack(appConfig.slack, {
    core,
    store: storage.store,
    ledger: storage.ledger,
    tasks: background,
    clock,
    logger,
  });

  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      port: config.port,
      logger,
      readinessChecks: [storage.readiness, redis],
      routes: [...slack.routes],
    });
  } catch (error) {
    tableSetup.stop();
    await Promise.allSettled([slack.stop(), redis.close(), storage.close()]);
    throw error;
  }
  logger.info({ reason: 'MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are not set' }, 'teams disabled');

  return {
    http,
    storage,
    core,
    background,
    slack,
    async stop() {
      await http.close();
      await slack.stop();
      // Answers already acknowledged to a platform are finished before storage closes.
      await background.drain();
      tableSetup.stop();
      await Promise.allSettled([redis.close(), storage.close()]);
    },
  };
}
