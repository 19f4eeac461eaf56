import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { RetryAnswerLater } from '../../src/answering/retry-answer-later.js';
import type { Logger } from '../../src/logger.js';
import type { AnswerJobControl, AnswerJobRunner } from '../../src/ports/answer-queue.js';
import { ANSWERS_QUEUE, type AnswerJobData, fromJobData } from './answer-job-data.js';
import type { RedisAnswerStats } from './answer-stats.js';
import type { ProgressMessages } from './progress-messages.js';

export interface AnswerWorkerOptions {
  readonly connection: Redis;
  readonly prefix: string;
  readonly run: AnswerJobRunner;
  readonly progress: ProgressMessages;
  readonly stats: RedisAnswerStats;
  readonly logger: Logger;
  /** Answers this worker writes at once. */
  readonly concurrency: number;
  /** Answers started per minute across all workers (BullMQ's limiter is global to the queue). */
  readonly ratePerMinute: number;
  /** A killed worker's job is taken over by another after about this long. */
  readonly lockDurationMs?: number;
}

export interface RunningAnswerWorker {
  readonly ready: Promise<void>;
  /** Lets running answers finish, then stops taking jobs. */
  close(): Promise<void>;
}

/**
 * Takes answer jobs off the queue and runs them. A job whose run throws `RetryAnswerLater` is
 * put back without using up an attempt, and the whole queue pauses (the model's quota is
 * shared); a worker that dies mid-answer leaves its job stalled, and another takes it over.
 */
export function startAnswerWorker(options: AnswerWorkerOptions): RunningAnswerWorker {
  const { logger, stats } = options;
  const lockDuration = options.lockDurationMs ?? 30_000;
  const record = (work: Promise<void>) =>
    work.catch((error: unknown) => logger.warn({ err: error }, 'answer metrics not recorded'));

  const worker: Worker<AnswerJobData> = new Worker<AnswerJobData>(
    ANSWERS_QUEUE,
    async (job: Job<AnswerJobData>) => {
      const answer = fromJobData(job.data);
      const jobId = job.id ?? '';
      const firstRun = job.attemptsMade === 0 && job.data.throttled === undefined && job.stalledCounter === 0;
      if (firstRun) {
        void record(stats.observe('wait', Date.now() - answer.enqueuedAt.getTime()));
      } else {
        void record(stats.count('retries'));
      }
      const control: AnswerJobControl = {
        attempt: job.attemptsMade + job.stalledCounter + 1,
        throttled: job.data.throttled ?? 0,
        progressMessage: async (post) => {
          const handle = await options.progress.showOnce(jobId, post);
          if (handle !== undefined && job.data.progressHandle !== handle) {
            // Also on the job itself, where whoever inspects the queue sees it.
            await job.updateData({ ...job.data, progressHandle: handle });
          }
          return handle;
        },
      };
      try {
        await options.run(answer, control);
      } catch (error) {
        if (error instanceof RetryAnswerLater) {
          void record(stats.count('throttled'));
          await job.updateData({ ...job.data, throttled: (job.data.throttled ?? 0) + 1 });
          await worker.rateLimit(error.delayMs);
          throw Worker.RateLimitError();
        }
        throw error;
      }
      void record(stats.observe('latency', Date.now() - answer.enqueuedAt.getTime()));
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      limiter: { max: options.ratePerMinute, duration: 60_000 },
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: 3,
    },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'answer worker error'));
  worker.on('failed', (job, error) => {
    if (error.name !== 'RateLimitError') {
      logger.error({ err: error, jobId: job?.id, attempts: job?.attemptsMade }, 'answer job failed');
    }
  });
  return {
    ready: worker.waitUntilReady().then(() => undefined),
    close: () => worker.close(),
  };
}
