import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DependencyError } from '../../src/errors.js';
import type { AnswerJob, AnswerQueue } from '../../src/ports/answer-queue.js';
import {
  ANSWER_JOB_NAME,
  ANSWERS_QUEUE,
  type AnswerJobData,
  answerJobId,
  toJobData,
} from './answer-job-data.js';

export interface BullmqAnswerQueueOptions {
  readonly connection: Redis;
  /** Redis key prefix (several deployments, or tests, can share one Redis). */
  readonly prefix: string;
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

  constructor(options: BullmqAnswerQueueOptions) {
    this.queue = new Queue<AnswerJobData>(ANSWERS_QUEUE, {
      connection: options.connection,
      prefix: options.prefix,
    });
    // Failures surface through the calls that fail; this keeps them out of stderr.
    this.queue.on('error', () => undefined);
  }

  async enqueue(job: AnswerJob): Promise<void> {
    // No timeout of our own: a slow add may still succeed, and answering the question elsewhere
    // as well would answer it twice. A Redis that is down fails fast (the producer connection
    // does not retry), and Slack's deadline is the receiver's to keep.
    try {
      await this.queue.add(ANSWER_JOB_NAME, toJobData(job), {
        jobId: answerJobId(job.message),
        attempts: ANSWER_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 2_000 },
        // A job holds the person's words, so it is kept only while a redelivery can still come
        // (Slack retries for about five minutes): such a redelivery finds the job and adds nothing.
        // A later one makes a new job, which the worker's claim of the message (kept a day)
        // refuses as a duplicate. A failed job is kept a day for whoever looks into it.
        removeOnComplete: { age: HOUR_SECONDS },
        removeOnFail: { age: 24 * HOUR_SECONDS },
      });
    } catch (error) {
      throw new DependencyError('redis', 'the answer could not be queued', { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
