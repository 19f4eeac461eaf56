import { BackgroundTasks } from '../background-tasks.js';
import { PlatformGroupDirectory } from '../channels/platform-group-directory.js';
import { type Clock, systemClock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import { AdminNotices } from '../admin/admin-notices.js';
import type { Platform } from '../conversation/types.js';
import type { ChatMessenger } from '../ports/chat-messenger.js';
import type { KnowledgeBase } from '../ports/knowledge-base.js';
import type { LanguageModel } from '../ports/language-model.js';
import { noopTracer, type Tracer } from '../ports/tracer.js';
import { tracedAnswerJobRunner, tracedAnswerQueue } from '../tracing/traced-answers.js';
import { tracedApprovalInteractions } from '../tracing/traced-approvals.js';
import { tracedLanguageModel } from '../tracing/traced-language-model.js';
import { tracedConversationStore, tracedHttpRoute, tracedKnowledgeBase } from '../tracing/traced-ports.js';
import { startHttpServer, type RunningHttpServer } from '../../adapters/http/http-server.js';
import { createRedisReadinessCheck } from '../../adapters/redis/redis-health.js';
import {
  type ApprovalHostOptions,
  type Approvals,
  startApprovals,
  startServiceApprovals,
} from './approvals.js';
import { type Answers, openAnswers, type PlatformAnswerJobs } from './answers.js';
import { monitorEventLoop } from './event-loop-delay.js';
import type { RiskLevel } from '../approval-rules/approval-types.js';
import { type AdminFeature, createAdminFeature } from './admin.js';
import { type Core, createCore } from './core.js';
import type { Providers } from './deferred-providers.js';
import { openServiceProviders } from './service-providers.js';
import { startManagementServer } from './management-server.js';
import { metricsRoute } from './metrics-route.js';
import { stopDeadline } from './stop-deadline.js';
import { createCardSigning } from './card-signing.js';
import { type SlackIntegration, startSlack } from './slack.js';
import { slackChannelAdmin } from './slack-admin.js';
import { ensureTableInBackground, openStorage, type Storage } from './storage.js';
import type { RunningTeams, TeamsOverrides } from './teams.js';
import { startConfiguredTeams } from './configured-teams.js';
import { EXTRACTIVE_MODEL, modelDescriptionOf } from './tracing.js';

export interface RunningService {
  /** The public server: platform webhooks, the admin API, /healthz. */
  readonly http: RunningHttpServer;
  /** The operators' server: /healthz, /readyz, /metrics (MANAGEMENT_PORT, loopback by default). */
  readonly management: RunningHttpServer;
  /** The answers queue; absent when no configured platform queues its questions. */
  readonly answers: Answers | undefined;
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
  /**
   * Whether this process also takes answer jobs (default: yes). `npm start` says no and runs
   * its worker in a child process instead, so acknowledgements never wait behind answers.
   */
  readonly answerWorker?: boolean;
  /**
   * Where spans go (see startProcessTracing); none by default. The caller owns it: it is shut
   * down (flushed) by whoever started it, after the service stopped.
   */
  readonly tracer?: Tracer;
}

export interface RunningWorker {
  readonly answers: Answers | undefined;
  readonly approvals: Approvals;
  stop(): Promise<void>;
}

export interface StartWorkerOptions extends Omit<StartServiceOptions, 'answerWorker'> {
  /** Which approval queues this worker consumes besides answers (`npm run worker`: the work queue). */
  readonly approvalQueues: { readonly work: boolean; readonly notices: boolean };
}

/** Wires and starts everything `npm start` runs. */
export async function startService(
  appConfig: AppConfig,
  options: StartServiceOptions,
): Promise<RunningService> {
  const { logger } = options;
  const config = appConfig.core;
  const parts = await assemble(appConfig, options, 'web');
  const { storage, core, approvals, admin, background, slack, answers, teams } = parts;
  // Every platform is wired: only now may approval jobs run.
  approvals.start();
  // Without Redis the queue runs here whatever the role: there is nowhere else to answer.
  if (answers && (options.answerWorker !== false || answers.mode === 'in-process')) {
    await answers.work(parts.answerJobs);
  }

  const redis = createRedisReadinessCheck(config.redisUrl);
  const eventLoop = monitorEventLoop();
  const closeDependencies = async (graceMs = config.shutdownGraceMs) => {
    eventLoop.stop();
    await Promise.allSettled([redis.close()]);
    // Always ends by closing storage, however the rest went: it stops the embedded DynamoDB Local.
    await parts.close(graceMs);
  };

  let http: RunningHttpServer | undefined;
  let management: RunningHttpServer;
  try {
    http = await startHttpServer({
      port: config.port,
      logger,
      routes: [...admin.routes, ...slack.routes, ...(teams ? [teams.route] : [])].map((route) =>
        tracedHttpRoute(route, parts.tracer),
      ),
    });
    management = await startManagementServer(config, {
      readinessChecks: [storage.readiness, redis],
      metrics: metricsRoute(core.conversations.metrics, { answers: answers?.stats, eventLoop }),
      logger,
    });
  } catch (error) {
    await http?.close();
    await Promise.allSettled([slack.stop(), teams?.stop()]);
    await closeDependencies();
    throw error;
  }
  const publicServer = http;

  return {
    http: publicServer,
    management,
    answers,
    storage,
    core,
    approvals,
    admin,
    background,
    slack,
    ...(teams ? { teams } : {}),
    async stop() {
      // Most of the grace period for finishing work; the rest for closing storage and its JVM.
      const deadline = stopDeadline(config.shutdownGraceMs * 0.8, logger);
      await deadline.step('http', (ms) => Promise.all([publicServer.close(ms), management.close(ms)]));
      await deadline.step('platforms', () => Promise.allSettled([slack.stop(), teams?.stop()]));
      // Answers already acknowledged to a platform are finished before storage closes.
      await deadline.step('answers in flight', (ms) => background.drain(ms));
      await closeDependencies(deadline.remainingMs());
    },
  };
}

/**
 * An answer worker (`npm run worker`, or `npm start`'s child): takes answer jobs, and the
 * approval queues it is given, with no HTTP server. It reaches the chat platforms only to post.
 */
export async function startWorker(appConfig: AppConfig, options: StartWorkerOptions): Promise<RunningWorker> {
  const parts = await assemble(appConfig, options, 'worker');
  // A worker's only platform (Slack, for posting) was wired in assemble.
  parts.approvals.start();
  if (parts.answers) {
    await parts.answers.work(parts.answerJobs);
  }
  return {
    answers: parts.answers,
    approvals: parts.approvals,
    async stop() {
      await Promise.allSettled([parts.slack.stop(), parts.teams?.stop()]);
      await parts.close();
    },
  };
}

interface Assembly {
  readonly clock: Clock;
  readonly tracer: Tracer;
  readonly storage: Storage;
  readonly core: Core;
  readonly approvals: Approvals;
  readonly admin: AdminFeature;
  readonly background: BackgroundTasks;
  readonly slack: SlackIntegration;
  /** Present when Teams is configured: the web tier receives its activities, a worker only posts. */
  readonly teams: RunningTeams | undefined;
  readonly groups: PlatformGroupDirectory;
  readonly answers: Answers | undefined;
  readonly answerJobs: Parameters<Answers['work']>[0];
  /** Closes everything it opened, storage last; `graceMs` bounds the approval queues' close. */
  close(graceMs?: number): Promise<void>;
}

/** What the web tier and the workers share: storage, knowledge, core, approvals, Slack, answers queue. */
async function assemble(
  appConfig: AppConfig,
  options: StartServiceOptions & { readonly approvalQueues?: StartWorkerOptions['approvalQueues'] },
  role: 'web' | 'worker',
): Promise<Assembly> {
  const { logger } = options;
  const config = appConfig.core;
  const clock = options.clock ?? systemClock;
  const tracer = options.tracer ?? noopTracer;

  const storage = await openStorage(config, clock, logger);
  const tableSetup = ensureTableInBackground(storage, logger);
  // Platforms register their group directories as they start; the core is built before them.
  const groups = new PlatformGroupDirectory();
  // Settings changes are checked against the catalogue's risks, which is loaded just below.
  const catalogueRisk: { of?: (actionId: string) => RiskLevel | undefined } = {};
  const admin = createAdminFeature(appConfig, {
    storage,
    clock,
    logger,
    groups,
    actionRisk: (actionId) => catalogueRisk.of?.(actionId),
  });
  const background = new BackgroundTasks(logger);
  let answers: Answers | undefined;
  let providers: Providers | undefined;
  const closeEarly = async () => {
    tableSetup.stop();
    await Promise.allSettled([providers?.close(), admin.close(), answers?.close(), storage.close()]);
  };
  let approvals: Approvals;
  try {
    // Questions are queued by the platforms that answer through jobs; none, no queue.
    answers =
      appConfig.slack.enabled || appConfig.teams.enabled
        ? await openAnswers(appConfig.answers, {
            redisUrl: config.redisUrl,
            isProduction: config.isProduction,
            tasks: background,
            logger,
          })
        : undefined;
    // Where worker processes write the answers, the web tier opens the knowledge and the model only
    // if a path that answers in it is used; a worker, or a web tier answering itself, opens them now.
    providers = await openServiceProviders(appConfig, {
      logger,
      tracer,
      override: options.providers,
      onFirstUse: role === 'web' && options.answerWorker === false && answers?.mode === 'redis',
    });
    const approvalHost = { channelSettings: admin.enforcement.settings, groups, ...options.approvals };
    approvals =
      role === 'web'
        ? await startServiceApprovals(
            appConfig,
            storage,
            approvalHost,
            clock,
            logger,
            tracer,
            tableSetup.done,
          )
        : await startApprovals(
            appConfig,
            {
              storage,
              settings: admin.enforcement.settings,
              groups,
              cardMessengers: [],
              chatMessengers: [],
              env: options.approvals?.env ?? {},
              clock,
              logger,
              tracer,
              tableReady: tableSetup.done,
            },
            options.approvalQueues ?? { work: false, notices: false },
          );
  } catch (error) {
    await closeEarly();
    throw error;
  }
  catalogueRisk.of = (actionId) => approvals.catalogue.get(actionId)?.risk;
  // The platforms start after the core and add their messengers here, for admins' private notices.
  const chatMessengers = new Map<Platform, ChatMessenger>();
  const core = createCore(config, {
    knowledge: tracedKnowledgeBase(providers.knowledge, tracer),
    model: tracedLanguageModel(providers.model, tracer, modelDescriptionOf(appConfig)),
    ...(providers.fallbackModel !== undefined
      ? { fallbackModel: tracedLanguageModel(providers.fallbackModel, tracer, EXTRACTIVE_MODEL) }
      : {}),
    store: tracedConversationStore(storage.store, tracer),
    ledger: storage.ledger,
    usage: storage.usage,
    clock,
    logger,
    channels: admin.enforcement,
    actions: approvals.workflow.requests,
    audit: admin.audit,
    tracer,
    adminNotices: new AdminNotices({
      adminsOf: (platform) => admin.authority.adminsOf(platform),
      messenger: (platform) => chatMessengers.get(platform),
      logger,
    }),
    ...(admin.personalData ? { personalData: admin.personalData } : {}),
  });
  const cardSigning = createCardSigning(
    appConfig.cardSigning,
    logger,
    appConfig.slack.enabled || appConfig.teams.enabled,
  );
  const slack = startSlack(appConfig.slack, {
    cardSigning,
    core,
    store: storage.store,
    ledger: storage.ledger,
    channelSettings: admin.settingsReader,
    channelAdmin: slackChannelAdmin(admin, approvals),
    tasks: background,
    clock,
    logger,
    approvals: tracedApprovalInteractions(approvals.workflow.interactions, tracer),
    ...(answers ? { answers: tracedAnswerQueue(answers.queue, tracer) } : {}),
    tracer,
    // A worker only posts: Socket Mode events are received by the web tier.
    receive: role === 'web',
  });
  if (slack.groups) {
    groups.use('slack', slack.groups);
  }
  if (slack.messenger) {
    approvals.messengers.addChat(slack.messenger);
    chatMessengers.set('slack', slack.messenger);
  }
  if (slack.approvalCards) {
    approvals.messengers.addCards(slack.approvalCards);
  }
  const teams = await startConfiguredTeams(
    appConfig.teams,
    {
      core,
      adminUseCases: admin.useCases,
      knowledgeGaps: admin.knowledgeGaps,
      settingsReader: admin.settingsReader,
      storage,
      coreConfig: config,
      approvals: approvals.workflow,
      cardSigning,
      answers: answers ? tracedAnswerQueue(answers.queue, tracer) : undefined,
      clock,
      logger,
      tracer,
    },
    options.teams,
  );
  // In a worker too: the answers it writes may be followed by proposal cards.
  if (teams) {
    if (teams.groups) {
      groups.use('teams', teams.groups);
    }
    approvals.messengers.addChat(teams.messenger);
    approvals.messengers.addCards(teams.approvalCards);
    chatMessengers.set('teams', teams.messenger);
  }
  return {
    clock,
    tracer,
    storage,
    core,
    approvals,
    admin,
    background,
    slack,
    groups,
    answers,
    teams,
    answerJobs: {
      ...(slack.answerJobs ? { slack: tracedJobs(slack.answerJobs, tracer, clock) } : {}),
      ...(teams ? { teams: tracedJobs(teams.answerJobs, tracer, clock) } : {}),
    },
    async close(graceMs = config.shutdownGraceMs) {
      tableSetup.stop();
      // The answer worker first: its running answers still need storage and the model.
      await Promise.allSettled([answers?.close()]);
      await Promise.allSettled([providers.close()]);
      await Promise.allSettled([admin.close(), approvals.close(graceMs)]);
      // Always reached, however the others went: it stops the embedded DynamoDB Local.
      await storage.close();
    },
  };
}

/** A platform's answer jobs with the queue wait and the run traced (unchanged when tracing is off). */
function tracedJobs(jobs: PlatformAnswerJobs, tracer: Tracer, clock: Clock): PlatformAnswerJobs {
  return {
    run: tracedAnswerJobRunner((job, control) => jobs.run(job, control), tracer, clock),
    showQueued: (job) => jobs.showQueued(job),
  };
}
