import { connect } from 'node:net';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  METRIC_NAMESPACE,
  readQueueDepths,
  RespClient,
  toEmbeddedMetrics,
} from '../../deploy/queue-metrics/queue-depth.mjs';

/*
 * The queue-metrics function reads BullMQ's keys itself; this checks it against real BullMQ
 * queues in the shared Redis, under a key prefix of its own.
 */

const prefix = `queue-depth-test-${process.pid}-${Date.now().toString(36)}`;
const connection = { host: '127.0.0.1', port: 6379 };
let approvals: Queue;
let notices: Queue;
let client: RespClient;

beforeAll(async () => {
  approvals = new Queue('approvals', { connection, prefix });
  notices = new Queue('approval-notices', { connection, prefix });
  const socket = connect(6379, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  client = new RespClient(socket);
});

afterAll(async () => {
  client.close();
  await approvals.obliterate({ force: true });
  await notices.obliterate({ force: true });
  await approvals.close();
  await notices.close();
});

describe('readQueueDepths', () => {
  it('counts waiting (also prioritized) and delayed jobs, and ages the oldest waiting one', async () => {
    const first = await approvals.add('execute', { n: 1 });
    await approvals.add('execute', { n: 2 });
    await approvals.add('execute', { n: 3 }, { priority: 5 });
    await approvals.add('expire', { n: 4 }, { delay: 60_000 });

    const now = (first.timestamp ?? 0) + 42_000;
    const depths = await readQueueDepths(client, prefix, ['approvals', 'approval-notices'], now);

    expect(depths).toEqual([
      { queue: 'approvals', waiting: 3, active: 0, delayed: 1, failed: 0, oldestWaitingAgeSeconds: 42 },
      { queue: 'approval-notices', waiting: 0, active: 0, delayed: 0, failed: 0, oldestWaitingAgeSeconds: 0 },
    ]);
  });

  it('rejects with the Redis error of a command Redis refuses', async () => {
    await expect(client.command('NOSUCHCOMMAND')).rejects.toThrow(/unknown command/i);
  });
});

describe('toEmbeddedMetrics', () => {
  it('names every value it carries as a metric of the Steward namespace, by deployment and queue', () => {
    const line = toEmbeddedMetrics(
      { queue: 'approvals', waiting: 3, active: 1, delayed: 0, failed: 2, oldestWaitingAgeSeconds: 9 },
      'steward',
      1_700_000_000_000,
    ) as {
      _aws: {
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
    } & Record<string, unknown>;
    const [directive] = line._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe(METRIC_NAMESPACE);
    for (const dimension of directive?.Dimensions.flat() ?? []) {
      expect(typeof line[dimension]).toBe('string');
    }
    for (const metric of directive?.Metrics ?? []) {
      expect(typeof line[metric.Name]).toBe('number');
    }
    expect(line).toMatchObject({ Queue: 'approvals', Waiting: 3, Failed: 2, OldestWaitingAge: 9 });
  });
});
