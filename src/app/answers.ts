import { InProcessAnswerQueue } from '../answering/in-process-answer-queue.js';
import type { BackgroundTasks } from '../background-tasks.js';
import type { AnswersConfig } from '../config/answers-config.js';
import { DependencyError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AnswerJob, AnswerJobRunner, AnswerQueue, AnswerQueueStats } from '../ports/answer-queue.js';
import { BullmqAnswers } from '../../adapters/bullmq/bullmq-answers.js';
import { isRedisReachable } from '../../adapters/bullmq/redis-connections.js';

/** What answers jobs for each platform: the job's destination names the platform. */
export interface PlatformAnswerJobs {
  run: AnswerJobRunner;
  showQueued(job: AnswerJob): Promise<string | undefined>;
}

export interface Answers {
  readonly queue: AnswerQueue;
  /** `redis`: durable jobs shared by every process; `in-process`: this process answers, nothing survives it. */
  readonly mode: 'redis' | 'in-process';
  /** Queue depth, wait and latency across every worker; present with Redis. */
  readonly stats: AnswerQueueStats | undefined;
  /**
   * Starts answering in this process: always for the in-process queue, and with Redis when this
   * process is a worker.
   */
  work(
    jobs: Readonly<Partial<Record<AnswerJob['destination']['platform'], PlatformAnswerJobs>>>,
  ): Promise<void>;
  /** True when no job is waiting or running (tests settle on it; the in-process queue's work is a background task). */
  idle(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenAnswersOptions {
  readonly redisUrl: string;
  readonly isProduction: boolean;
  readonly tasks: BackgroundTasks;
  readonly logger: Logger;
}

/**
 * The answers queue: BullMQ on Redis, or, where Redis cannot be reached outside production, an
 * in-process queue with one clear warning, so `npm start` works on a laptop with nothing else
 * running. In production a missing Redis stops the start: answers would not survive a restart.
 */
export async function openAnswers(config: AnswersConfig, options: OpenAnswersOptions): Promise<Answers> {
  const { logger } = options;
  if (!(await isRedisReachable(options.redisUrl))) {
    if (options.isProduction) {
      throw new DependencyError(
        'redis',
        `Redis at ${redact(options.redisUrl)} is not reachable; answers need it in production`,
      );
    }
    logger.warn(
      { redisUrl: redact(options.redisUrl) },
      'REDIS IS NOT REACHABLE: answering in this process; questions in progress are lost if it stops',
    );
    const queue = new InProcessAnswerQueue(
      options.tasks,
      config.concurrency,
      logger.child({ component: 'answers' }),
    );
    return {
      queue,
      mode: 'in-process',
      stats: undefined,
      work: (jobs) => {
        queue.runWith(routeByPlatform(jobs));
        return Promise.resolve();
      },
      idle: () => Promise.resolve(true),
      close: () => Promise.resolve(),
    };
  }
  const bullmq = new BullmqAnswers({
    redisUrl: options.redisUrl,
    prefix: config.queuePrefix,
    logger: logger.child({ component: 'answer-worker' }),
  });
  return {
    queue: bullmq.queue,
    mode: 'redis',
    stats: bullmq.stats,
    work: async (jobs) => {
      const run = routeByPlatform(jobs);
      await bullmq.work({
        run,
        showQueued: (job) => jobs[job.destination.platform]?.showQueued(job) ?? Promise.resolve(undefined),
        concurrency: config.concurrency,
        ratePerMinute: config.ratePerMinute,
        queuedNoticeMs: config.queuedNoticeMs,
        lockDurationMs: config.lockMs,
      });
      logger.info({ concurrency: config.concurrency, prefix: config.queuePrefix }, 'answer worker started');
    },
    idle: async () => {
      const snapshot = await bullmq.stats.snapshot();
      return snapshot.waiting + snapshot.active + snapshot.delayed === 0;
    },
    close: () => bullmq.close(),
  };
}

function routeByPlatform(jobs: Readonly<Partial<Record<string, PlatformAnswerJobs>>>): AnswerJobRunner {
  return async (job, control) => {
    const platform = jobs[job.destination.platform];
    if (!platform) {
      throw new Error(`no answer worker for ${job.destination.platform} is configured in this process`);
    }
    await platform.run(job, control);
  };
}

/** A Redis URL may carry a password. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/u, '//***@');
}
