import { BackgroundTasks } from '../background-tasks.js';
import { PlatformGroupDirectory } from '../channels/platform-group-directory.js';
import { type Clock, systemClock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { LanguageModel } from '../ports/language-model.js';
import { startHttpServer, type RunningHttpServer } from '../../adapters/http/http-server.js';
import { createRedisReadinessCheck } from '../../adapters/redis/redis-health.js';
import { type ApprovalHostOptions, type Approvals, startServiceApprovals } from './approvals.js';
import { type AdminFeature, createAdminFeature } from './admin.js';
import { type Core, createCore } from './core.js';
import { createKnowledgeProviders, type KnowledgeProviders, modelProviderConfig } from './knowledge.js';
import { metricsRoute } from './metrics-route.js';
import { type SlackIntegration, startSlack } from './slack.js';
import { slackChannelAdmin } from './slack-admin.js';
import { ensureTableInBackground, openStorage, type Storage } from './storage.js';
import { type RunningTeams, startTeams, type TeamsOverrides } from './teams.js';

export interface RunningService {
  readonly http: RunningHttpServer;
  readonly storage: Storage;
  readonly core: Core;
  readonly approvals: Approvals;
  readonly admin: AdminFeature;
  /** Work still running after a platform request was acknowledged (answers being written). */
  readonly background: BackgroundTasks;
  readonly slack: SlackIntegration;
  /** Present when Teams is configured. */
  readonly teams?: RunningTeams;
  /** Graceful stop: no new requests, in-flight ones finish, then dependencies close. */
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** What the approval workflow needs from the host: environment secrets, settings, messengers. */
  readonly approvals?: ApprovalHostOptions;
  readonly teams?: TeamsOverrides;
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
  const providers = await knowledgeProviders(appConfig, logger, options.providers);
  // Platforms register their group directories as they start; the core is built before them.
  const groups = new PlatformGroupDirectory();
  const admin = createAdminFeature(appConfig, { storage, clock, logger, groups });
  const approvals = await startServiceApprovals(
    appConfig,
    storage,
    { channelSettings: admin.enforcement.settings, groups, ...options.approvals },
    clock,
    logger,
  ).catch(async (error: unknown) => {
    tableSetup.stop();
    providers.close();
    await Promise.allSettled([admin.close(), storage.close()]);
    throw error;
  });
  const core = createCore(config, {
    knowledge: providers.knowledge,
    model: providers.model,
    store: storage.store,
    ledger: storage.ledger,
    clock,
    logger,
    channels: admin.enforcement,
    actions: approvals.workflow.requests,
    audit: admin.audit,
  });
  const redis = createRedisReadinessCheck(config.redisUrl);
  const background = new BackgroundTasks(logger);
  const slack = startSlack(appConfig.slack, {
    core,
    store: storage.store,
    ledger: storage.ledger,
    channelSettings: admin.settingsReader,
    channelAdmin: slackChannelAdmin(admin, approvals),
    tasks: background,
    clock,
    logger,
    approvals: approvals.workflow.interactions,
  });
  if (slack.groups) {
    groups.use('slack', slack.groups);
  }
  if (slack.messenger) {
    approvals.messengers.addChat(slack.messenger);
  }
  if (slack.approvalCards) {
    approvals.messengers.addCards(slack.approvalCards);
  }
  const teams = startTeams(
    appConfig.teams,
    {
      core,
      adminUseCases: admin.useCases,
      knowledgeGaps: admin.knowledgeGaps,
      settingsReader: admin.settingsReader,
      storage,
      coreConfig: config,
      approvals: approvals.workflow,
      clock,
      logger,
    },
    options.teams,
  );
  if (teams) {
    if (teams.groups) {
      groups.use('teams', teams.groups);
    }
    approvals.messengers.addChat(teams.messenger);
    approvals.messengers.addCards(teams.approvalCards);
  }

  const closeDependencies = async () => {
    tableSetup.stop();
    providers.close();
    await Promise.allSettled([redis.close(), admin.close(), approvals.close()]);
    await storage.close();
  };

  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      port: config.port,
      logger,
      readinessChecks: [storage.readiness, redis],
      routes: [
        metricsRoute(core.conversations.metrics),
        ...admin.routes,
        ...slack.routes,
        ...(teams ? [teams.route] : []),
      ],
    });
  } catch (error) {
    await Promise.allSettled([slack.stop(), teams?.stop()]);
    await closeDependencies();
    throw error;
  }

  return {
    http,
    storage,
    core,
    approvals,
    admin,
    background,
    slack,
    ...(teams ? { teams } : {}),
    async stop() {
      await http.close();
      await Promise.allSettled([slack.stop(), teams?.stop()]);
      // Answers already acknowledged to a platform are finished before storage closes.
      await background.drain();
      await closeDependencies();
    },
  };
}

/** The configured knowledge source and model, or the ones a test or an embedding application passes. */
async function knowledgeProviders(
  appConfig: AppConfig,
  logger: Logger,
  override: StartServiceOptions['providers'],
): Promise<Pick<KnowledgeProviders, 'knowledge' | 'model' | 'close'>> {
  if (override) {
    return { ...override, close: () => undefined };
  }
  return createKnowledgeProviders(appConfig.core, logger, modelProviderConfig(appConfig));
}
