import { cpus, loadavg } from 'node:os';
import { Queue, Worker } from 'bullmq';
import { createDynamoClients, ensureTable, startDynamoDbLocal } from '../adapters/dynamodb/index.js';
import { createProducerConnection, createWorkerConnection } from '../adapters/bullmq/redis-connections.js';
import { APPROVER_1 } from '../test/support/approval-harness.js';
import {
  REDIS_URL,
  SIGNING_SECRET,
  createIntegrationHarness,
  deletePrefix,
  uniquePrefix,
} from '../test/support/approval-integration.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';
import { type BenchSection, formatMs, percentile } from './bench-result.js';
import { freePort } from '../test/support/free-port.js';

const LATENCY_SAMPLES = 100;
const THROUGHPUT_REQUESTS = 300;
const CLICKERS = 20;
const RAW_SAMPLES = 200;
const RAW_BULK = 5000;

/**
 * The approval path's own cost: from an Approve click (decision written to DynamoDB Local, job
 * queued in Redis) to the webhook arriving at a local receiver (worker picks the job, moves the
 * request to executing, signs and sends). Next to it, BullMQ's bare add-to-process round trip in
 * the same run, so the workflow's overhead over the queue itself can be read off directly.
 */
export async function runApprovalsBench(): Promise<BenchSection> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const clients = createDynamoClients({ region: 'us-east-1', endpoint: dynamo.endpoint });
  const receiver = await startWebhookReceiver(SIGNING_SECRET);
  const prefix = uniquePrefix();
  const rawPrefix = uniquePrefix();
  try {
    await ensureTable(clients.client, 'bench-approvals');
    const h = createIntegrationHarness({
      client: clients.documentClient,
      tableName: 'bench-approvals',
      receiverUrl: receiver.url,
      prefix,
    });
    try {
      await h.startWorker().ready;
      const waitForCall = async (id: string): Promise<number> => (await receiver.firstCallFor(id)).receivedAt;

      // Approve-click → executor call, one request at a time. Beside each, the baseline: one
      // conditional write of a request item (what a decision is) to the same DynamoDB.
      const baselineId = await h.request('restart-service service=worker because baseline');
      let baseline = await h.store.get(baselineId);
      const latencies: number[] = [];
      const writes: number[] = [];
      for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
        if (baseline === undefined) {
          throw new Error('the baseline request is gone');
        }
        const next = { ...baseline, updatedAt: new Date(), version: baseline.version + 1 };
        const writeStarted = performance.now();
        if (!(await h.store.update(next, baseline.version))) {
          throw new Error('the baseline write lost its condition');
        }
        writes.push(performance.now() - writeStarted);
        baseline = next;
        const id = await h.request(`restart-service service=web because bench ${i}`);
        // An approver clicks once the card is up, not while the request's own card updates run.
        await noCardJobs(h);
        const started = performance.now();
        await h.click('approve', id, APPROVER_1);
        latencies.push((await waitForCall(id)) - started);
        // Each sample starts on a quiet store: the outcome, its audit and card updates are done.
        await settled(h, id, i + 1);
      }
      const clickP50 = percentile(latencies, 0.5);
      const writeP50 = percentile(writes, 0.5);

      // Sustained approvals: many requests approved by concurrent clickers, until every webhook arrived.
      const ids: string[] = [];
      for (let i = 0; i < THROUGHPUT_REQUESTS; i += 1) {
        ids.push(await h.request(`restart-service service=api because load ${i}`));
      }
      const queue = [...ids];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLICKERS }, async () => {
          for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
            await h.click('approve', id, APPROVER_1);
          }
        }),
      );
      const done = Math.max(...(await Promise.all(ids.map(waitForCall))));
      const perSecond = THROUGHPUT_REQUESTS / ((done - started) / 1000);
      const executedTwice = ids.filter((id) => receiver.callsFor(id).length !== 1);
      if (executedTwice.length > 0) {
        throw new Error(`${executedTwice.length} requests were not executed exactly once`);
      }

      const raw = await rawBullmq(rawPrefix);
      const load = loadavg()[0] ?? 0;
      return {
        title: 'Approvals: click to executor call (DynamoDB Local, Redis, local webhook)',
        columns: ['measure', 'samples', 'p50 ms', 'p99 ms', 'per second'],
        rows: [
          ['approve click → webhook received', LATENCY_SAMPLES, formatMs(clickP50), formatMs(percentile(latencies, 0.99)), '-'],
          ['baseline: one conditional write (request item, DynamoDB Local)', LATENCY_SAMPLES, formatMs(writeP50), formatMs(percentile(writes, 0.99)), '-'],
          ['ratio: click → webhook p50 / conditional write p50', '-', (clickP50 / writeP50).toFixed(1), '-', '-'],
          [`sustained approvals (${CLICKERS} clickers, worker concurrency 10)`, THROUGHPUT_REQUESTS, '-', '-', perSecond.toFixed(0)],
          ['raw BullMQ add → processor start', RAW_SAMPLES, formatMs(percentile(raw.latencies, 0.5)), formatMs(percentile(raw.latencies, 0.99)), '-'],
          [`raw BullMQ addBulk + process (concurrency 50)`, RAW_BULK, '-', '-', raw.perSecond.toFixed(0)],
        ],
        notes: [
          'On the path to the webhook: the click, in the process that made the request, writes the decision conditionally on the request as that process stored it (no read) and queues the execution (with the decision\'s audit record); the worker, from the request the job carries, writes it as executing and calls the webhook (signed, over HTTP on 127.0.0.1). The audit records and the card update jobs happen after it; the clicked card is a copy the process knows, so it is not read (test/integration/approvals/approval-fast-path.test.ts counts the path: 2 conditional writes, or 1 read and 2 conditional writes in a process that never saw the request).',
          'Target: click → webhook p50 within 4 conditional writes measured in the same run (the baseline row, one write before each click). Each sample starts once the previous request has finished and its card updates are done, and its click comes once the new request\'s own card updates are done (as an approver\'s click comes after the card is up).',
          'Off the path: the approving decision\'s audit record travels with the job and the worker writes it once the call has answered (keyed by the request, so a retried job or a repair from the store writes it once); the start\'s record is begun once the call has left. Nothing the click does competes with the worker\'s pickup and its executing write any more.',
          'Cards go to an in-memory platform, so Slack or Teams API latency is not included.',
          `Every one of the ${THROUGHPUT_REQUESTS} throughput requests was executed exactly once (checked).`,
          'DynamoDB Local on the same two cores dominates the workflow figures, which the raw BullMQ rows show the queue does not.',
          `1-minute load average at the end of the run: ${load.toFixed(1)} on ${cpus().length} cores (other processes share the machine; compare runs at similar load only).`,
        ],
      };
    } finally {
      await h.close();
    }
  } finally {
    await receiver.close();
    await deletePrefix(rawPrefix);
    await deletePrefix(prefix);
    clients.destroy();
    await dynamo.stop();
  }
}

/** The request has succeeded, its outcome is posted (the `outcomes`-th so far) and no card job is left. */
async function settled(h: ReturnType<typeof createIntegrationHarness>, id: string, outcomes: number): Promise<void> {
  for (let polls = 0; polls < 400; polls += 1) {
    const request = await h.store.get(id);
    if (request?.status === 'succeeded' && h.platform.messages.length >= outcomes) {
      await noCardJobs(h);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`approval ${id} did not settle`);
}

/** Waits until no card update job is waiting or running. */
async function noCardJobs(h: ReturnType<typeof createIntegrationHarness>): Promise<void> {
  for (let polls = 0; polls < 400; polls += 1) {
    const [waiting, active] = await Promise.all([h.jobs.noticeQueue.getWaitingCount(), h.jobs.noticeQueue.getActiveCount()]);
    if (waiting + active === 0) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('card update jobs did not finish');
}

async function rawBullmq(prefix: string): Promise<{ latencies: number[]; perSecond: number }> {
  const producer = createProducerConnection(REDIS_URL, { failWhileDisconnected: true });
  const consumer = createWorkerConnection(REDIS_URL);
  const queue = new Queue('raw', { connection: producer, prefix });
  const addedAt = new Map<string, number>();
  const latencies: number[] = [];
  let processed = 0;
  let onProcessed: (() => void) | undefined;
  const worker = new Worker(
    'raw',
    (job) => {
      const added = addedAt.get(job.id ?? '');
      if (added !== undefined) {
        latencies.push(performance.now() - added);
      }
      processed += 1;
      onProcessed?.();
      return Promise.resolve();
    },
    { connection: consumer, prefix, concurrency: 50 },
  );
  try {
    await worker.waitUntilReady();
    await queue.waitUntilReady();
    const until = (count: number) =>
      new Promise<void>((resolve) => {
        onProcessed = () => {
          if (processed >= count) {
            resolve();
          }
        };
        onProcessed();
      });
    for (let i = 0; i < RAW_SAMPLES; i += 1) {
      const jobId = `single-${i}`;
      addedAt.set(jobId, performance.now());
      await queue.add('x', {}, { jobId, removeOnComplete: true });
      await until(i + 1);
    }
    const bulkStarted = performance.now();
    await queue.addBulk(Array.from({ length: RAW_BULK }, (_, i) => ({ name: 'x', data: {}, opts: { jobId: `bulk-${i}`, removeOnComplete: true } })));
    await until(RAW_SAMPLES + RAW_BULK);
    return { latencies, perSecond: RAW_BULK / ((performance.now() - bulkStarted) / 1000) };
  } finally {
    await worker.close();
    await queue.close();
    producer.disconnect();
    consumer.disconnect();
  }
}

