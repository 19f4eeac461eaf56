/*
 * A worker in a process of its own, so a test can kill it with SIGKILL mid-run the way a crash or
 * an OOM kill would. Configured through the environment; prints "ready" once it takes jobs.
 */
import { createDynamoClients } from '../../adapters/dynamodb/dynamo-clients.js';
import { createIntegrationHarness } from './approval-integration.js';

const required = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set`);
  }
  return value;
};

const clients = createDynamoClients({
  region: 'us-east-1',
  endpoint: required('TEST_DYNAMODB_ENDPOINT'),
  local: true,
});
const harness = createIntegrationHarness({
  client: clients.documentClient,
  tableName: required('TEST_DYNAMODB_TABLE'),
  receiverUrl: required('TEST_RECEIVER_URL'),
  prefix: required('TEST_QUEUE_PREFIX'),
});
// Workers sharing a queue share its stalled-check cadence (BullMQ rate-limits the check per queue).
const worker = harness.startWorker({
  lockDurationMs: Number(required('TEST_LOCK_MS')),
  stalledIntervalMs: 300,
});
await worker.ready;
process.stdout.write('ready\n');
