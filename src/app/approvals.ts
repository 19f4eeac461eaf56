import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { DefaultChannelSettingsReader } from '../channels/default-channel-settings-reader.js';
import { PlatformGroupDirectory } from '../channels/platform-group-directory.js';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import type { Environment } from '../config/environment.js';
import type { Logger } from '../logger.js';
import type { ActionCatalogue } from '../ports/action-catalogue.js';
import type { ApprovalCardMessenger } from '../ports/approval-cards.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import type { ChatMessenger } from '../ports/chat-messenger.js';
import type { GroupDirectory } from '../ports/group-directory.js';
import { loadActionCatalogue } from '../../adapters/action-catalogue/load-action-catalogue.js';
import { DynamoApprovalStore, DynamoAuditLog } from '../../adapters/dynamodb/index.js';
import { noopTracer, type Tracer } from '../ports/tracer.js';
import { tracedApprovalStore, tracedExecutorFactory } from '../tracing/traced-approvals.js';
import { createWebhookExecutorFactory } from '../../adapters/webhook/webhook-executor-factory.js';
import { type ApprovalWorkflow, createApprovalWorkflow } from '../../approvals/approval-workflow.js';
import { startApprovalWorker, type RunningApprovalWorker } from '../../approvals/queue/approval-worker.js';
import { BullmqApprovalJobs } from '../../approvals/queue/bullmq-approval-jobs.js';
import { createProducerConnection, createWorkerConnection } from '../../adapters/bullmq/redis-connections.js';
import { ApprovalMessengers } from '../../approvals/workflow/approval-messengers.js';
import type { Storage } from './storage.js';

/** The catalogue used when ACTIONS_FILE is not set: the shipped example. */
export const EXAMPLE_ACTIONS_FILE = resolve(import.meta.dirname, '../../docs/examples/actions.yaml');

export interface ApprovalsDeps {
  readonly storage: Storage;
  readonly settings: ChannelSettingsReader;
  readonly groups: GroupDirectory;
  /** Card and chat messengers of the configured platforms (Slack, Teams). */
  readonly cardMessengers: readonly ApprovalCardMessenger[];
  readonly chatMessengers: readonly ChatMessenger[];
  /** The parsed environment, for `${NAME}` secrets in the catalogue. */
  readonly env: Environment;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Spans for decisions, approval jobs and webhooks; none without it. */
  readonly tracer?: Tracer;
  /** Settles once the table exists; the worker's reconciliation waits for it (see startApprovalWorker). */
  readonly tableReady?: Promise<void>;
}

export interface Approvals {
  readonly workflow: ApprovalWorkflow;
  readonly catalogue: ActionCatalogue;
  readonly jobs: BullmqApprovalJobs;
  /** Where the platforms, built after the workflow (Teams, Slack), add their messengers. */
  readonly messengers: ApprovalMessengers;
  /**
   * Seals the messengers and starts the worker for the queues this process consumes. Called once
   * every platform is wired, so no runner can meet a platform that is still to come.
   */
  start(): void;
  /** Present, once started, when this process consumes an approvals queue. */
  readonly worker: RunningApprovalWorker | undefined;
  /** Closes the queues, waiting at most `graceMs` for jobs in flight before dropping the connections. */
  close(graceMs?: number): Promise<void>;
}

/** What the host process gives the approval workflow; everything has a working default. */
export interface ApprovalHostOptions {
  /** The parsed environment, for `${NAME}` secrets named in the action catalogue. */
  readonly env?: Environment;
  /** Channel settings; every channel gets the defaults (no actions allowed) when absent. */
  readonly channelSettings?: ChannelSettingsReader;
  readonly groups?: GroupDirectory;
  /** Approval card and chat messengers of the configured platforms. */
  readonly cardMessengers?: readonly ApprovalCardMessenger[];
  readonly chatMessengers?: readonly ChatMessenger[];
}

/** The workflow as `npm start` runs it: actions run in this process unless APPROVALS_WORKER=off. */
export function startServiceApprovals(
  config: AppConfig,
  storage: Storage,
  host: ApprovalHostOptions,
  clock: Clock,
  logger: Logger,
  tracer: Tracer = noopTracer,
  tableReady?: Promise<void>,
): Promise<Approvals> {
  return startApprovals(
    config,
    {
      storage,
      settings: host.channelSettings ?? new DefaultChannelSettingsReader(),
      groups: host.groups ?? new PlatformGroupDirectory(),
      cardMessengers: host.cardMessengers ?? [],
      chatMessengers: host.chatMessengers ?? [],
      env: host.env ?? {},
      clock,
      logger,
      tracer,
      ...(tableReady !== undefined ? { tableReady } : {}),
    },
    // The service holds the chat platforms, so it always updates cards; it runs actions unless told not to.
    { work: config.approvals.worker === 'in-process', notices: true },
  );
}

/**
 * Wires the approval workflow: the catalogue (invalid: start fails listing every problem), the
 * DynamoDB store and audit log, the BullMQ queues, and (on `start()`, once the platforms have
 * added their messengers) a worker for the queues `consume` names.
 */
export async function startApprovals(
  config: AppConfig,
  deps: ApprovalsDeps,
  consume: { readonly work: boolean; readonly notices: boolean },
): Promise<Approvals> {
  const { logger, clock } = deps;
  const tracer = deps.tracer ?? noopTracer;
  const settings = config.approvals;
  const catalogue = await loadActionCatalogue({
    file: settings.actionsFile ?? EXAMPLE_ACTIONS_FILE,
    executors: {
      webhook: tracedExecutorFactory(
        createWebhookExecutorFactory({
          env: deps.env,
          defaultSigningSecret: signingSecret(config, logger),
          clock,
        }),
        tracer,
        'webhook',
      ),
    },
  });
  logger.info(
    { file: settings.actionsFile ?? EXAMPLE_ACTIONS_FILE, actions: catalogue.list().map((a) => a.id) },
    'action catalogue loaded',
  );

  const tableOptions = {
    client: deps.storage.clients.documentClient,
    tableName: config.core.dynamodb.table,
    clock,
  };
  const producer = createProducerConnection(config.core.redisUrl, { failWhileDisconnected: true });
  const jobs = new BullmqApprovalJobs({ connection: producer, prefix: settings.queuePrefix, clock, tracer });
  const messengers = new ApprovalMessengers(deps.cardMessengers, deps.chatMessengers);
  const workflow = createApprovalWorkflow(
    {
      store: tracedApprovalStore(
        new DynamoApprovalStore({
          ...tableOptions,
          retentionDays: settings.retentionDays,
          // A proposal holds people's words: it goes with the channel's history.
          channelRetentionDays: async (channel) =>
            (await deps.settings.settingsFor(channel)).retentionDays ?? config.core.history.retentionDays,
        }),
        tracer,
      ),
      audit: new DynamoAuditLog(tableOptions),
      catalogue,
      settings: deps.settings,
      groups: deps.groups,
      conversations: deps.storage.store,
      jobs,
      messengers,
      clock,
      logger: logger.child({ component: 'approvals' }),
    },
    { proposalMinutes: settings.proposalMinutes },
  );

  let worker: RunningApprovalWorker | undefined;
  let workerConnection: ReturnType<typeof createWorkerConnection> | undefined;
  const start = () => {
    if (messengers.isSealed()) {
      return;
    }
    messengers.seal();
    if (!consume.work && !consume.notices) {
      return;
    }
    workerConnection = createWorkerConnection(config.core.redisUrl);
    worker = startApprovalWorker({
      connection: workerConnection,
      prefix: settings.queuePrefix,
      workflow,
      reconciler: workflow.reconciler(jobs),
      logger: logger.child({ component: 'approval-worker' }),
      concurrency: settings.concurrency,
      retryBaseMs: settings.retryBaseMs,
      reconcileEveryMs: settings.reconcileSeconds * 1000,
      consume,
      tracer,
      ...(deps.tableReady !== undefined ? { tableReady: deps.tableReady } : {}),
    });
    // A Redis that is down at start is retried by the worker; reconciliation catches up then.
    worker.ready.catch((error: unknown) => logger.error({ err: error }, 'approval worker not ready'));
  };

  return {
    workflow,
    catalogue,
    jobs,
    messengers,
    start,
    get worker() {
      return worker;
    },
    async close(graceMs = DEFAULT_CLOSE_GRACE_MS) {
      const closing = (async () => {
        await worker?.close();
        await jobs.close();
      })();
      // With Redis down, BullMQ's close waits for a connection that never comes (the worker's
      // connection retries forever by design). Past the grace, dropping the connections fails
      // those waits; jobs still running are handed back by BullMQ's stalled-job check.
      const closed = await settlesWithin(closing, graceMs);
      producer.disconnect();
      workerConnection?.disconnect();
      if (!closed) {
        logger.warn({ graceMs }, 'approval queues did not close in time; connections dropped');
        await settlesWithin(closing, AFTER_DISCONNECT_MS);
      }
    },
  };
}

const DEFAULT_CLOSE_GRACE_MS = 10_000;
const AFTER_DISCONNECT_MS = 1_000;

/** True when `promise` settled within `ms`; its failure is not this caller's concern here. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * ACTIONS_SIGNING_SECRET signs every webhook (config refuses to start production without it).
 * Outside production a throwaway key lets the example catalogue work with no setup; receivers
 * cannot verify those signatures, which the warning says.
 */
function signingSecret(config: AppConfig, logger: Logger): string {
  if (config.approvals.signingSecret !== undefined) {
    return config.approvals.signingSecret;
  }
  logger.warn(
    {},
    'ACTIONS_SIGNING_SECRET is not set: webhooks are signed with a throwaway key receivers cannot verify',
  );
  return randomBytes(32).toString('base64url');
}
