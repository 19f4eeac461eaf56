import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerConnection } from '../../../adapters/bullmq/redis-connections.js';
import { startApprovalWorker, type RunningApprovalWorker } from '../../../approvals/queue/approval-worker.js';
import type { ReconcileReport } from '../../../approvals/runners/reconciler.js';
import { createApprovalHarness } from '../../support/approval-harness.js';
import { REDIS_URL, deletePrefix, uniquePrefix } from '../../support/approval-integration.js';

/*
 * On a first start the service creates its table in the background: the worker's first
 * reconciliation (which lists the table) must wait for it instead of failing on a missing table.
 */

const EMPTY_REPORT: ReconcileReport = { pending: 0, expired: 0, running: 0, requeued: 0 };

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

function startWithTable(tableReady: Promise<void>) {
  const prefix = uniquePrefix();
  const connection = createWorkerConnection(REDIS_URL);
  const h = createApprovalHarness();
  const passes: number[] = [];
  const worker: RunningApprovalWorker = startApprovalWorker({
    connection,
    prefix,
    workflow: h.workflow,
    reconciler: {
      reconcile: () => {
        passes.push(passes.length + 1);
        return Promise.resolve(EMPTY_REPORT);
      },
    },
    logger: h.logger,
    consume: { work: true, notices: false },
    concurrency: 1,
    retryBaseMs: 50,
    reconcileEveryMs: 60_000,
    tableReady,
  });
  stop = async () => {
    await worker.close();
    connection.disconnect();
    await deletePrefix(prefix);
  };
  return { worker, passes };
}

/** Lets BullMQ connect and the worker get as far as it goes without the table. */
async function settleWithoutTable(): Promise<void> {
  for (let turn = 0; turn < 20; turn += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the approval worker on a first start', () => {
  it('does not reconcile until the table is ready, then reconciles once and reports ready', async () => {
    let tableCreated: () => void = () => undefined;
    const tableReady = new Promise<void>((resolve) => {
      tableCreated = resolve;
    });
    const { worker, passes } = startWithTable(tableReady);
    let ready = false;
    void worker.ready.then(() => {
      ready = true;
    });

    await settleWithoutTable();
    expect(passes).toEqual([]);
    expect(ready).toBe(false);

    tableCreated();
    await worker.ready;
    expect(passes).toEqual([1]);
  });

  it('never reconciles when it is closed before the table is ready', async () => {
    let tableCreated: () => void = () => undefined;
    const { worker, passes } = startWithTable(
      new Promise<void>((resolve) => {
        tableCreated = resolve;
      }),
    );
    await settleWithoutTable();
    await stop?.();
    stop = undefined;

    tableCreated();
    await worker.ready;
    expect(passes).toEqual([]);
  });
});
