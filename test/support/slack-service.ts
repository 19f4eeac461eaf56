import { TEST_CARD_SECRET } from './card-signing.js';
import { randomUUID } from 'node:crypto';
import { parseAppConfig } from '../../src/config/app-config.js';
import { type RunningService, type StartServiceOptions, startService } from '../../src/app/start-service.js';
import { createCapturingLogger, type LogLine } from '../fakes/capturing-logger.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type TestTable, useTestTable } from './dynamodb.js';
import { FakeSlack } from './fake-slack.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './slack-requests.js';

export interface SlackServiceHandle {
  readonly service: RunningService;
  /** The request URL Slack is configured with. */
  readonly eventsUrl: string;
  readonly logLines: LogLine[];
  /** Waits until every answer already acknowledged to Slack is finished. */
  settle(): Promise<void>;
}

/** The real service (HTTP server, core, DynamoDB Local table) with Slack pointed at a fake Web API. */
export async function startSlackService(options: {
  readonly slack: FakeSlack;
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly providers?: StartServiceOptions['providers'];
  readonly approvals?: StartServiceOptions['approvals'];
  readonly tracer?: StartServiceOptions['tracer'];
  /** False: a web tier whose answers wait in Redis for worker processes. */
  readonly answerWorker?: boolean;
}): Promise<SlackServiceHandle> {
  const { logger, lines } = createCapturingLogger();
  const config = parseAppConfig({
    PORT: '0',
    DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
    DYNAMODB_TABLE: options.tableName,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    CARD_SIGNING_SECRETS: TEST_CARD_SECRET,
    SLACK_API_URL: options.slack.apiUrl,
    // Answer jobs on the shared Redis under a prefix of this service's own.
    ANSWER_QUEUE_PREFIX: `test-answers-${randomUUID().slice(0, 8)}`,
    // Scenarios send many messages as one person; the default per-person limit has its own tests.
    USER_MESSAGES_PER_MINUTE: 'off',
    ...options.env,
  });
  const service = await startService(config, {
    logger,
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.approvals ? { approvals: options.approvals } : {}),
    ...(options.tracer ? { tracer: options.tracer } : {}),
    ...(options.answerWorker !== undefined ? { answerWorker: options.answerWorker } : {}),
  });
  // The identity check runs in the background at start; tests begin once it is done.
  await options.slack.waitFor((call) => call.method === 'auth.test');
  return {
    service,
    eventsUrl: `${service.http.url}/slack/events`,
    logLines: lines,
    settle: async () => {
      // Tasks start more tasks (Bolt's processing hands each answer to its own), and queued answers
      // run in the answer worker, so wait until neither has anything left.
      for (;;) {
        while (service.background.size > 0) {
          await service.background.drain();
        }
        if ((await service.answers?.idle()) !== false) {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

export interface SlackServiceSuite {
  readonly table: TestTable;
  readonly slack: FakeSlack;
  readonly handle: SlackServiceHandle;
}

/**
 * Gives the calling suite a fake Slack and the real service pointed at it, over a table of its
 * own: started before its first test, stopped after its last, with the recorded Slack calls
 * cleared before each test. Read the fields inside tests and hooks, not at collection time.
 */
export function useSlackService(
  tablePrefix: string,
  options: Omit<Parameters<typeof startSlackService>[0], 'slack' | 'dynamodbEndpoint' | 'tableName'> = {},
): SlackServiceSuite {
  const table = useTestTable(tablePrefix);
  let started: { slack: FakeSlack; handle: SlackServiceHandle } | undefined;
  beforeAll(async () => {
    const slack = await FakeSlack.start();
    const handle = await startSlackService({
      ...options,
      slack,
      dynamodbEndpoint: table.endpoint,
      tableName: table.tableName,
    });
    started = { slack, handle };
  });
  afterAll(async () => {
    await started?.handle.service.stop();
    await started?.slack.close();
  });
  beforeEach(() => {
    if (started !== undefined) {
      started.slack.calls.length = 0;
    }
  });
  const current = () => {
    if (started === undefined) {
      throw new Error('useSlackService: the service runs only inside tests and hooks');
    }
    return started;
  };
  return {
    table,
    get slack() {
      return current().slack;
    },
    get handle() {
      return current().handle;
    },
  };
}
