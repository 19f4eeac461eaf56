import { afterAll, beforeAll } from 'vitest';
import { deletePrefix, uniquePrefix } from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { type SlackServiceHandle, startSlackService } from '../../support/slack-service.js';
import { SCENARIO_ENV } from '../scenarios/chat-platform-driver.js';
import { threadMemoryScenario } from '../scenarios/thread-memory.scenario.js';
import { slackScenarioDriver } from './slack-scenario-driver.js';

const table = useTestTable('e2e-slack-scenario');
const queuePrefix = uniquePrefix();
let slack: FakeSlack | undefined;
let handle: SlackServiceHandle | undefined;

beforeAll(async () => {
  slack = await FakeSlack.start();
  handle = await startSlackService({
    slack,
    dynamodbEndpoint: table.endpoint,
    tableName: table.tableName,
    env: { ...SCENARIO_ENV, APPROVALS_QUEUE_PREFIX: queuePrefix },
  });
});

afterAll(async () => {
  await handle?.service.stop();
  await slack?.close();
  await deletePrefix(queuePrefix);
});

threadMemoryScenario(
  'Slack',
  slackScenarioDriver(() => {
    if (slack === undefined || handle === undefined) {
      throw new Error('the Slack service starts before the scenario runs');
    }
    return { slack, handle };
  }),
);
