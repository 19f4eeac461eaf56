import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DependencyError } from '../../src/errors.js';
import type { AnswerJob, AnswerQueue } from '../../src/ports/answer-queue.js';
import { ANSWER_JOB_NAME, ANSWERS_QUEUE, type AnswerJobData, answerJobId, toJobData } from './answer-job-data.js';

export interface BullmqAnswerQueueOptions {
  readonly connection: Redis;
  /** Redis key prefix (several deployments, or tests, can share one Redis). */
  readonly prefix: string;
  /** How long adding a job may take before it counts as Redis being down (default 2 s). */
  readonly timeoutMs?: number;
}

const HOUR_SECONDS = 60 * 60;

/**
 * A worker killed mid-answer leaves its job stalled and BullMQ hands it to another; a job that
 * keeps failing (a bug, a platform refusing every post) stops after a few attempts.
 */
export const ANSWER_JOB_ATTEMPTS = 4;

/** The HTTP entry's side of the answers queue: one durable job per accepted question. */
export class BullmqAnswerQueue implements AnswerQueue {
  readonly queue: Queue<AnswerJobData>;

  constructor(private readonly options: BullmqAnswerQueueOptions) {
    this.queue = new Queue<AnswerJobData>(ANSWERS_QUEUE, { connection: options.connection, prefix: options.prefix });
    // Failures surface through the calls that fail; this keeps them out of stderr.
    this.queue.on('error', () => undefined);
  }

  async enqueue(job: AnswerJob): Promise<void> {
    const add = this.queue.add(ANSWER_JOB_NAME, toJobData(job), {
      jobId: answerJobId(job.message),
      attempts: ANSWER_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: 2_000 },
      // Kept a day after the answer, so a late redelivery still finds the job and adds nothing.
      removeOnComplete: { age: 24 * HOUR_SECONDS },
      removeOnFail: { age: 7 * 24 * HOUR_SECONDS },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`adding the job took over ${this.options.timeoutMs ?? 2_000} ms`)),
        this.options.timeoutMs ?? 2_000,
      );
    });
    try {
      await Promise.race([add, timeout]);
    } catch (error) {
      throw new DependencyError('redis', 'the answer could not be queued', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
