import { UnrecoverableError, Worker } from 'bullmq';
import { APPROVALS_QUEUE } from '../../../approvals/queue/job-ids.js';
import { afterEach, describe, expect, it } from 'vitest';
import { BullmqApprovalJobs } from '../../../approvals/queue/bullmq-approval-jobs.js';
import {
  createProducerConnection,
  createWorkerConnection,
} from '../../../adapters/bullmq/redis-connections.js';
import { newApprovalId } from '../../../src/approval-rules/request-id.js';
import { systemClock } from '../../../src/clock.js';
import { REDIS_URL, deletePrefix, uniquePrefix } from '../../support/approval-integration.js';

describe('the BullMQ approval jobs', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  function setUp() {
    const prefix = uniquePrefix();
    const connection = createProducerConnection(REDIS_URL, { failWhileDisconnected: true });
    const jobs = new BullmqApprovalJobs({ connection, prefix, clock: systemClock });
    cleanups.push(
      () => deletePrefix(prefix),
      () => Promise.resolve(connection.disconnect()),
      () => jobs.close(),
    );
    return { jobs, prefix };
  }

  it('queues each piece of work once, under ids derived from the request id', async () => {
    const { jobs } = setUp();
    const id = newApprovalId();
    await jobs.execute(id);
    await jobs.execute(id);
    await jobs.expireAt(id, new Date(Date.now() + 60_000));
    await jobs.notify(id, 2, false);
    await jobs.notify(id, 2, true);

    const queued = await jobs.queue.getJobs(['waiting', 'delayed']);
    expect(queued.map((job) => job.id).sort()).toEqual([`execute-${id}`, `expire-${id}`].sort());
    const notices = await jobs.noticeQueue.getJobs(['waiting']);
    expect(notices.map((job) => [job.id, job.data.postOutcome])).toEqual([[`notify-${id}-v2`, false]]);
    expect(await (await jobs.queue.getJob(`expire-${id}`))?.getState()).toBe('delayed');
  });

  it('repairs work: leaves a live job alone, replaces a failed one, adds a missing one', async () => {
    const { jobs, prefix } = setUp();
    const live = newApprovalId();
    const failed = newApprovalId();
    const missing = newApprovalId();
    // A job that ended failed (as one whose worker died more often than allowed does).
    await jobs.execute(failed);
    const connection = createWorkerConnection(REDIS_URL);
    const worker = new Worker(
      APPROVALS_QUEUE,
      () => Promise.reject(new UnrecoverableError('job stalled more than allowable limit')),
      {
        connection,
        prefix,
      },
    );
    await new Promise((resolve) => worker.once('failed', resolve));
    await worker.close();
    connection.disconnect();
    await jobs.execute(live);

    expect(await jobs.ensureExecution(live)).toBe('present');
    expect(await jobs.ensureExecution(failed)).toBe('added');
    expect(await jobs.ensureExecution(missing)).toBe('added');
    expect(await jobs.ensureExpiry(missing, new Date(Date.now() + 60_000))).toBe('added');
    expect(await jobs.ensureExpiry(missing, new Date(Date.now() + 60_000))).toBe('present');

    expect(await (await jobs.queue.getJob(`execute-${failed}`))?.getState()).toBe('waiting');
  });

  it('reports an unreachable Redis as a dependency error', async () => {
    const connection = createProducerConnection('redis://127.0.0.1:9', { failWhileDisconnected: true });
    const jobs = new BullmqApprovalJobs({
      connection,
      prefix: uniquePrefix(),
      clock: systemClock,
      timeoutMs: 300,
    });
    cleanups.push(() => Promise.resolve(connection.disconnect()));

    await expect(jobs.execute(newApprovalId())).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      dependency: 'redis',
    });
  });
});
