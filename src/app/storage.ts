import { type Clock, systemClock } from '../clock.js';
import type { CoreConfig } from '../config/core-config.js';
import type { Logger } from '../logger.js';
import { OutageLog } from '../outage-log.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { EventLedger } from '../ports/event-ledger.js';
import type { UsageLedger } from '../ports/usage-ledger.js';
import type { PersonalRecords } from '../ports/personal-records.js';
import type { ReadinessCheck } from '../../adapters/http/readiness.js';
import {
  createDynamoClients,
  type DynamoClients,
  DynamoConversationStore,
  DynamoEventLedger,
  ensureTable,
  isTableReachable,
  superviseDynamoDbLocal,
  type SupervisedDynamoDbLocal,
  DynamoUsageLedger,
  DynamoPersonalRecords,
} from '../../adapters/dynamodb/index.js';

export interface Storage {
  readonly endpoint: string | undefined;
  readonly clients: DynamoClients;
  readonly store: ConversationStore;
  readonly ledger: EventLedger;
  readonly usage: UsageLedger;
  /** What is stored about one person, for export and erasure. */
  readonly personalRecords: PersonalRecords;
  readonly readiness: ReadinessCheck;
  /** Creates the table when missing; see `ensureTableInBackground` for the service's variant. */
  ensureTable(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens DynamoDB as configured: an explicit endpoint, AWS's regional endpoint in production, or
 * (outside production, with no endpoint) the embedded DynamoDB Local, reusing one that already
 * answers on the configured port so `npm start` and `npm run steward -- chat` can run side by side.
 */
export async function openStorage(config: CoreConfig, clock: Clock, logger: Logger): Promise<Storage> {
  let embedded: SupervisedDynamoDbLocal | undefined;
  // Set below; an in-memory DynamoDB Local restarted after a crash is empty and needs the table again.
  let recreateTable: () => Promise<void> = () => Promise.resolve();
  const plan = dynamoEndpointPlan(config);
  let endpoint = plan.endpoint;
  if (plan.kind === 'embedded') {
    if (await answersAsDynamoDb(config.awsRegion, plan.endpoint)) {
      logger.info({ endpoint }, 'using the DynamoDB Local already running');
    } else {
      logger.info({ port: config.dynamodb.localPort, dataDir: config.dynamodb.localDir }, 'starting embedded DynamoDB Local');
      embedded = await superviseDynamoDbLocal({
        port: config.dynamodb.localPort,
        dataDir: config.dynamodb.localDir,
        logger,
        afterRestart: () => recreateTable(),
      });
      endpoint = embedded.endpoint;
    }
  }

  const clients = createDynamoClients({ region: config.awsRegion, endpoint });
  const tableName = config.dynamodb.table;
  const options = { client: clients.documentClient, tableName, clock };
  recreateTable = () => ensureTable(clients.client, tableName);
  return {
    endpoint,
    clients,
    store: new DynamoConversationStore(options),
    ledger: new DynamoEventLedger(options),
    usage: new DynamoUsageLedger(options),
    personalRecords: new DynamoPersonalRecords(options),
    readiness: {
      name: 'dynamodb',
      check: () => isTableReachable(clients.client, tableName),
    },
    ensureTable: () => ensureTable(clients.client, tableName),
    async close() {
      clients.destroy();
      await embedded?.stop();
    },
  };
}

export type DynamoEndpointPlan =
  | { readonly kind: 'explicit'; readonly endpoint: string }
  | { readonly kind: 'aws'; readonly endpoint: undefined }
  | { readonly kind: 'embedded'; readonly endpoint: string };

/** Which DynamoDB to use. Production never falls back to the embedded DynamoDB Local. */
export function dynamoEndpointPlan(config: Pick<CoreConfig, 'isProduction' | 'dynamodb'>): DynamoEndpointPlan {
  if (config.dynamodb.endpoint !== undefined) {
    return { kind: 'explicit', endpoint: config.dynamodb.endpoint };
  }
  if (config.isProduction) {
    return { kind: 'aws', endpoint: undefined };
  }
  return { kind: 'embedded', endpoint: `http://127.0.0.1:${config.dynamodb.localPort}` };
}

async function answersAsDynamoDb(region: string, endpoint: string): Promise<boolean> {
  const probe = createDynamoClients({ region, endpoint, maxAttempts: 1, connectionTimeoutMs: 300 });
  try {
    await isTableReachable(probe.client);
    return true;
  } catch {
    // Nothing answering there is the usual case: the caller starts DynamoDB Local.
    return false;
  } finally {
    probe.destroy();
  }
}

/**
 * Creates the table, retrying while DynamoDB is unreachable, so the service can start (and report
 * not-ready on /readyz) rather than crash when DynamoDB comes up after it.
 */
export function ensureTableInBackground(storage: Storage, logger: Logger): { stop(): void; done: Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  // One line when it fails, one a minute while it goes on: not one per retry.
  const outage = new OutageLog('dynamodb', logger, systemClock, {
    messages: { down: 'dynamodb table not ready; retrying', stillDown: 'dynamodb table still not ready; retrying' },
  });
  const done = (async () => {
    for (let attempt = 1; !stopped; attempt += 1) {
      try {
        await storage.ensureTable();
        logger.info({ attempt }, 'dynamodb table ready');
        return;
      } catch (error) {
        const delayMs = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
        outage.down(error);
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, delayMs);
        });
      }
    }
  })();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
    },
    done,
  };
}
