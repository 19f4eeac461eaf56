import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DynamoApprovalStore } from '../../adapters/dynamodb/dynamo-approval-store.js';
import { DynamoAuditLog } from '../../adapters/dynamodb/dynamo-audit-log.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createWebhookExecutorFactory } from '../../adapters/webhook/webhook-executor-factory.js';
import { startApprovalWorker, type RunningApprovalWorker } from '../../approvals/queue/approval-worker.js';
import { BullmqApprovalJobs } from '../../approvals/queue/bullmq-approval-jobs.js';
import { createProducerConnection, createWorkerConnection } from '../../adapters/bullmq/redis-connections.js';
import { systemClock } from '../../src/clock.js';
import type { ChannelSettingsInput } from '../../src/channels/channel-settings.js';
import { createApprovalHarness } from './approval-harness.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const SIGNING_SECRET = 'integration-signing-secret-0123456789abcdef';

/** The test catalogue with every action calling `receiverUrl` as a signed webhook. */
export function webhookCatalogue(receiverUrl: string): string {
  return `
actions:
  - id: restart-service
    title: Restart a service
    description: Restarts one of the team's services.
    examples: [restart the web service]
    risk: medium
    idempotent: true
    parameters:
      type: object
      required: [service]
      properties:
        service: { type: string, enum: [web, api, worker] }
        environment: { type: string, enum: [staging, production], default: staging }
    executor:
      type: webhook
      url: "${receiverUrl}/services/{{ parameters.service }}/restart"
      body: { environment: "{{ parameters.environment }}", approvedBy: "{{ request.approvers }}", request: "{{ request.id }}" }
      timeoutSeconds: 5
  - id: grant-access
    title: Grant repository access
    description: Adds a person to a source code team.
    risk: high
    quorum: 2
    parameters:
      type: object
      required: [user, team]
      properties:
        user: { type: string }
        team: { type: string, enum: [payments, platform] }
    executor: { type: webhook, url: "${receiverUrl}/repo-access" }
`;
}

export interface IntegrationOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly receiverUrl: string;
  /** Unique per test: the BullMQ key prefix. */
  readonly prefix: string;
  readonly settings?: ChannelSettingsInput;
}

/**
 * The workflow over the real store (DynamoDB Local), audit log, BullMQ queue on the shared Redis
 * (under a prefix of its own) and signed webhooks; cards go to a recording platform.
 */
export function createIntegrationHarness(options: IntegrationOptions) {
  const clock = systemClock;
  const tableOptions = { client: options.client, tableName: options.tableName, clock };
  const producer = createProducerConnection(REDIS_URL, { failWhileDisconnected: true });
  const jobs = new BullmqApprovalJobs({ connection: producer, prefix: options.prefix, clock });
  const harness = createApprovalHarness({
    clock,
    store: new DynamoApprovalStore({ ...tableOptions, retentionDays: 30 }),
    audit: new DynamoAuditLog(tableOptions),
    jobs,
    catalogue: webhookCatalogue(options.receiverUrl),
    executors: {
      webhook: createWebhookExecutorFactory({ env: {}, defaultSigningSecret: SIGNING_SECRET, clock }),
    },
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const workers: { worker: RunningApprovalWorker; connection: Redis }[] = [];

  const startWorker = (
    overrides: {
      lockDurationMs?: number;
      stalledIntervalMs?: number;
      consume?: { work: boolean; notices: boolean };
    } = {},
  ) => {
    const connection = createWorkerConnection(REDIS_URL);
    const worker = startApprovalWorker({
      connection,
      prefix: options.prefix,
      workflow: harness.workflow,
      reconciler: harness.workflow.reconciler(jobs),
      logger: harness.logger,
      concurrency: 10,
      retryBaseMs: 50,
      reconcileEveryMs: 60_000,
      consume: { work: true, notices: true },
      ...overrides,
    });
    workers.push({ worker, connection });
    return worker;
  };

  return {
    ...harness,
    jobs,
    startWorker,
    async stopWorkers() {
      for (const { worker, connection } of workers.splice(0)) {
        await worker.close();
        connection.disconnect();
      }
    },
    /** Deletes this test's queue keys, as a Redis flush would (never FLUSHALL: Redis is shared). */
    flushQueue: () => deletePrefix(options.prefix),
    async close() {
      await this.stopWorkers();
      await jobs.close();
      producer.disconnect();
      await deletePrefix(options.prefix);
    },
  };
}

export function uniquePrefix(): string {
  return `test-approvals-${randomUUID().slice(0, 8)}`;
}

export async function deletePrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        deleted += await redis.del(...keys);
      }
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

export { eventually } from './eventually.js';
