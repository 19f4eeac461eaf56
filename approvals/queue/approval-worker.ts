import { decisionRecordFromJob } from '../workflow/decision-record.js';
import type { DrawnCopy } from '../workflow/workflow-deps.js';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { systemClock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import { noopTracer, type Tracer } from '../../src/ports/tracer.js';
import { OutageLog } from '../../src/outage-log.js';
import type { ApprovalWorkflow } from '../approval-workflow.js';
import type { Reconciler } from '../runners/reconciler.js';
import { APPROVALS_QUEUE, type ApprovalJobData, JOB_NAMES, NOTICES_QUEUE } from './job-ids.js';
import { isRedisConnectionError } from './redis-errors.js';
import { requestFromCopy } from './request-copy.js';

export interface ApprovalWorkerOptions {
  readonly connection: Redis;
  readonly prefix: string;
  readonly workflow: ApprovalWorkflow;
  readonly reconciler: Pick<Reconciler, 'reconcile'>;
  readonly logger: Logger;
  /**
   * Which queues this process consumes: `work` (run actions, expire requests; reconciliation) and
   * `notices` (update cards, post outcomes: only processes with the chat platforms' messengers).
   */
  readonly consume: { readonly work: boolean; readonly notices: boolean };
  /** Jobs run at once by this worker. */
  readonly concurrency: number;
  /** First retry delay of a failed action attempt; doubles each time (with jitter). */
  readonly retryBaseMs: number;
  /** Reconciliation period; it also runs once at start. */
  readonly reconcileEveryMs: number;
  /** How long a job's lock lasts without renewal: a killed worker's job is taken over after this. */
  readonly lockDurationMs?: number;
  /** How often stalled jobs (their worker died) are looked for. */
  readonly stalledIntervalMs?: number;
  /** Each job as a span, joined to the trace of the decision that queued it. */
  readonly tracer?: Tracer;
  /**
   * Settles once the table exists (the service creates it in the background on a first start):
   * reconciliation reads the table, so its first pass and its timer wait for this.
   */
  readonly tableReady?: Promise<void>;
}

export interface RunningApprovalWorker {
  /** Resolves after the first reconciliation. */
  readonly ready: Promise<void>;
  reconcileNow(): Promise<void>;
  /** Lets running jobs finish, then stops. */
  close(): Promise<void>;
}

const MAX_RETRY_DELAY_MS = 10 * 60 * 1000;

/** A retryable action failure, thrown so BullMQ applies the backoff. */
class RetryActionError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
    this.name = 'RetryActionError';
  }
}

/**
 * The approvals worker: runs approved actions, expiries and card updates from the queue, and
 * reconciles the queue with the store at start and periodically. Several may run at once (in the
 * service and as `npm run worker`); the store's conditional writes keep every outcome single.
 */
export function startApprovalWorker(options: ApprovalWorkerOptions): RunningApprovalWorker {
  const { workflow, logger } = options;
  const processor = async (job: Job<ApprovalJobData>, token?: string): Promise<void> => {
    const { requestId } = job.data;
    switch (job.name) {
      case JOB_NAMES.execute: {
        // The copy the job carries is as fresh as it gets on the first run only; it stays the
        // subject of the decision's record, which every run writes (stored once).
        const copy = requestFromCopy(job.data.approved, requestId);
        const record = decisionRecordFromJob(job.data.decision);
        const step = await workflow.runners.execution.run(
          requestId,
          job.data.unrecorded,
          job.attemptsMade === 0 ? copy : undefined,
          record !== undefined ? { record, ...(copy !== undefined ? { subject: copy } : {}) } : undefined,
        );
        if (step.kind === 'unrecorded') {
          // Kept with the job, so the retry only records it: the executor already answered.
          await job.updateData({ ...job.data, unrecorded: step.result });
          throw new RetryActionError('the outcome could not be recorded yet', undefined);
        }
        if (job.data.unrecorded !== undefined) {
          await job.updateData({ requestId });
        }
        if (step.kind === 'retry') {
          throw new RetryActionError(step.error.summary, step.error.retryAfterSeconds);
        }
        return;
      }
      case JOB_NAMES.expire: {
        const step = await workflow.runners.expiry.run(requestId);
        if (step.kind === 'later') {
          await job.moveToDelayed(step.at.getTime(), token);
          throw new DelayedError();
        }
        return;
      }
      case JOB_NAMES.notify:
        await workflow.runners.notice.run(
          requestId,
          job.data.postOutcome === true,
          job.data.version ?? 0,
          drawnCopyOf(job.data.drawn),
        );
        return;
      default:
        throw new UnrecoverableError(`unknown approval job ${job.name}`);
    }
  };
  const workerOptions = {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    ...(options.lockDurationMs !== undefined ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs !== undefined ? { stalledInterval: options.stalledIntervalMs } : {}),
    // A worker killed mid-run leaves its job stalled; it is taken over rather than failed.
    maxStalledCount: 5,
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) => {
        if (error instanceof RetryActionError && error.retryAfterSeconds !== undefined) {
          return Math.min(error.retryAfterSeconds * 1000, MAX_RETRY_DELAY_MS);
        }
        const exponential = options.retryBaseMs * 2 ** Math.max(0, attemptsMade - 1);
        return Math.min(Math.round(exponential * (0.75 + Math.random() * 0.5)), MAX_RETRY_DELAY_MS);
      },
    },
  };
  const queues = [
    ...(options.consume.work ? [APPROVALS_QUEUE] : []),
    ...(options.consume.notices ? [NOTICES_QUEUE] : []),
  ];
  const tracer = options.tracer ?? noopTracer;
  const traced = (job: Job<ApprovalJobData>, token?: string): Promise<void> =>
    tracer.continueTrace(job.data.trace, () =>
      tracer.inSpan(
        'steward.approval.job',
        { 'steward.approval.job': job.name, 'steward.approval.request_id': job.data.requestId, 'steward.job.attempt': job.attemptsMade + 1 },
        () => processor(job, token),
        { kind: 'consumer' },
      ),
    );
  const workers = queues.map((queue) => new Worker<ApprovalJobData>(queue, traced, workerOptions));
  // BullMQ reports every failed reconnect as an error, several a second while Redis is down.
  const redisOutage = new OutageLog('redis', logger, systemClock);
  options.connection.on('ready', () => redisOutage.up());
  for (const worker of workers) {
    worker.on('error', (error) => {
      if (isRedisConnectionError(error)) {
        redisOutage.down(error);
      } else {
        logger.error({ err: error, queue: worker.name }, 'approval worker error');
      }
    });
    worker.on('failed', (job, error) => {
      if (!(error instanceof RetryActionError)) {
        logger.error({ err: error, jobId: job?.id, job: job?.name }, 'approval job failed');
      }
    });
  }

  let running: Promise<void> | undefined;
  let closed = false;
  const reconcileNow = (): Promise<void> => {
    if (closed) {
      return Promise.resolve();
    }
    // One pass at a time: a slow pass is not stacked on by the timer.
    running ??= options.reconciler
      .reconcile()
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, 'approval reconciliation failed'),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  let timer: NodeJS.Timeout | undefined;
  // Reconciliation puts work back on the work queue: the processes that run it reconcile. Not
  // before the table exists: on a first start its creation may still be under way.
  const tableReady = options.tableReady ?? Promise.resolve();
  const ready = Promise.all([...workers.map((worker) => worker.waitUntilReady()), tableReady]).then(() => {
    if (!options.consume.work || closed) {
      return undefined;
    }
    timer = setInterval(() => void reconcileNow(), options.reconcileEveryMs);
    timer.unref();
    return reconcileNow();
  });

  return {
    ready: ready.then(() => undefined),
    reconcileNow,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}

/** The job's `drawn` copy, when it is one: job data is read back from Redis, so it is checked. */
function drawnCopyOf(value: unknown): DrawnCopy | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { channelId, messageId } = value as Record<string, unknown>;
  return typeof channelId === 'string' && typeof messageId === 'string' ? { channelId, messageId } : undefined;
}
