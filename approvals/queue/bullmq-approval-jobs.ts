import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ApprovalRequest } from '../../src/approval-rules/approval-types.js';
import type { Clock } from '../../src/clock.js';
import type { Tracer } from '../../src/ports/tracer.js';
import { DependencyError } from '../../src/errors.js';
import type { JobRepair } from '../runners/reconciler.js';
import type { DecisionRecord } from '../workflow/decision-record.js';
import type { ApprovalJobs, DrawnCopy } from '../workflow/workflow-deps.js';
import {
  APPROVALS_QUEUE,
  type ApprovalJobData,
  JOB_NAMES,
  NOTICES_QUEUE,
  executionJobId,
  expiryJobId,
  noticeJobId,
} from './job-ids.js';
import { requestCopy } from './request-copy.js';

export interface BullmqApprovalJobsOptions {
  readonly connection: Redis;
  /** Redis key prefix of the queue (several deployments, or tests, can share one Redis). */
  readonly prefix: string;
  readonly clock: Clock;
  /** How long one queue call may take before it counts as Redis being down (default 3 s). */
  readonly timeoutMs?: number;
  /** Gives an action's job the trace context of the decision that queued it. */
  readonly tracer?: Tracer;
}

/** More than any catalogue's maxAttempts: the runner, counting in the store, decides when to stop. */
const EXECUTION_JOB_ATTEMPTS = 25;
const DAY_SECONDS = 24 * 60 * 60;

/** The workflow's jobs on BullMQ (work and notices), plus the repairs reconciliation needs. */
export class BullmqApprovalJobs implements ApprovalJobs, JobRepair {
  readonly queue: Queue<ApprovalJobData>;
  readonly noticeQueue: Queue<ApprovalJobData>;

  constructor(private readonly options: BullmqApprovalJobsOptions) {
    const queueOptions = { connection: options.connection, prefix: options.prefix };
    this.queue = new Queue<ApprovalJobData>(APPROVALS_QUEUE, queueOptions);
    this.noticeQueue = new Queue<ApprovalJobData>(NOTICES_QUEUE, queueOptions);
    // Failures surface through the calls that fail; these listeners keep them out of stderr.
    this.queue.on('error', () => undefined);
    this.noticeQueue.on('error', () => undefined);
  }

  async execute(requestId: string, approved?: ApprovalRequest, decision?: DecisionRecord): Promise<void> {
    const trace = this.options.tracer?.carrier();
    await this.add(
      JOB_NAMES.execute,
      {
        requestId,
        ...(approved !== undefined ? { approved: requestCopy(approved) } : {}),
        ...(decision !== undefined ? { decision } : {}),
        ...(trace !== undefined ? { trace } : {}),
      },
      this.executionOptions(requestId),
    );
  }

  async expireAt(requestId: string, at: Date): Promise<void> {
    await this.add(JOB_NAMES.expire, { requestId }, this.expiryOptions(requestId, at));
  }

  async notify(requestId: string, version: number, postOutcome: boolean, drawn?: DrawnCopy): Promise<void> {
    await this.call(() =>
      this.noticeQueue.add(
        JOB_NAMES.notify,
        { requestId, version, postOutcome, ...(drawn !== undefined ? { drawn } : {}) },
        {
          jobId: noticeJobId(requestId, version),
          attempts: 6,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: { age: DAY_SECONDS },
          removeOnFail: { age: 7 * DAY_SECONDS },
        },
      ),
    );
  }

  async ensureExecution(requestId: string): Promise<'present' | 'added'> {
    return this.ensure(executionJobId(requestId), () => this.execute(requestId));
  }

  async ensureExpiry(requestId: string, at: Date): Promise<'present' | 'added'> {
    return this.ensure(expiryJobId(requestId), () => this.expireAt(requestId, at));
  }

  async close(): Promise<void> {
    await Promise.all([this.queue.close(), this.noticeQueue.close()]);
  }

  /**
   * A job that is waiting, delayed or active will do the work. One that completed or failed while
   * the store says the work is still open (a crash between the job and the store) is replaced.
   */
  private async ensure(jobId: string, add: () => Promise<void>): Promise<'present' | 'added'> {
    const job = await this.call(() => this.queue.getJob(jobId));
    if (job !== undefined) {
      const state = await this.call(() => job.getState());
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') {
        return 'present';
      }
      await this.call(() => job.remove());
    }
    await add();
    return 'added';
  }

  private executionOptions(requestId: string): JobsOptions {
    return {
      jobId: executionJobId(requestId),
      attempts: EXECUTION_JOB_ATTEMPTS,
      backoff: { type: 'action' },
      removeOnComplete: true,
      removeOnFail: { age: 7 * DAY_SECONDS },
    };
  }

  private expiryOptions(requestId: string, at: Date): JobsOptions {
    return {
      jobId: expiryJobId(requestId),
      delay: Math.max(0, at.getTime() - this.options.clock.now().getTime()),
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * DAY_SECONDS },
    };
  }

  private async add(name: string, data: ApprovalJobData, options: JobsOptions): Promise<void> {
    await this.call(() => this.queue.add(name, data, options));
  }

  /**
   * BullMQ waits for its connection to come back rather than fail, which would leave a click
   * hanging while Redis is down. A click must be answered: past the timeout the call fails, the
   * decision already stored stands, and reconciliation queues the work once Redis is back.
   */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error('the approval queue did not answer in time')),
        this.options.timeoutMs ?? 3_000,
      );
    });
    try {
      return await Promise.race([operation(), timeout]);
    } catch (error) {
      throw new DependencyError('redis', 'The approval queue (Redis) did not answer', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
