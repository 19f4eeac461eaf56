import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKey } from '../../../approvals/runners/execution-runner.js';
import { APPROVER_1 } from '../../support/approval-harness.js';
import {
  SIGNING_SECRET,
  createIntegrationHarness,
  eventually,
  uniquePrefix,
} from '../../support/approval-integration.js';
import { useTestTable } from '../../support/dynamodb.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const table = useTestTable('approval-crash');
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver(SIGNING_SECRET);
});
afterAll(async () => {
  await receiver.close();
});

describe('a worker killed in the middle of a run', () => {
  it('is recovered by another worker, which repeats the same idempotency key once', async () => {
    const prefix = uniquePrefix();
    const h = createIntegrationHarness({
      client: table.clients.documentClient,
      tableName: table.tableName,
      receiverUrl: receiver.url,
      prefix,
    });
    try {
      const id = await h.request('restart-service service=web because 502s');
      // The receiver holds the first call, so the worker is killed while the executor waits.
      receiver.answer({ status: 200, delayMs: 8_000 });
      await h.click('approve', id, APPROVER_1);

      const child = spawn(
        process.execPath,
        ['--import', 'tsx', resolve(import.meta.dirname, '../../support/approval-worker-process.ts')],
        {
          env: {
            ...process.env,
            TEST_DYNAMODB_ENDPOINT: table.endpoint,
            TEST_DYNAMODB_TABLE: table.tableName,
            TEST_RECEIVER_URL: receiver.url,
            TEST_QUEUE_PREFIX: prefix,
            TEST_LOCK_MS: '1000',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolveExit) =>
        child.once('exit', (_code, signal) => resolveExit(signal)),
      );
      await receiver.waitForCalls(1);
      expect(await h.store.get(id)).toMatchObject({ status: 'executing', attempts: 1 });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      await h.startWorker({ lockDurationMs: 1000, stalledIntervalMs: 300 }).ready;
      await eventually(async () => (await h.store.get(id))?.status === 'succeeded', 20_000);

      const calls = receiver.received.filter((call) => call.headers['steward-request-id'] === id);
      expect(calls.map((c) => [c.headers['steward-attempt'], c.headers['idempotency-key']])).toEqual([
        ['1', idempotencyKey(id)],
        ['2', idempotencyKey(id)],
      ]);
      expect(await h.store.get(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    } finally {
      await h.close();
    }
  });
});
