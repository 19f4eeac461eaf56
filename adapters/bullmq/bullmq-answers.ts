import type { Logger } from '../../src/logger.js';
import type { AnswerJob, AnswerJobRunner } from '../../src/ports/answer-queue.js';
import { RedisAnswerStats } from './answer-stats.js';
import { type RunningAnswerWorker, startAnswerWorker } from './answer-worker.js';
import { BullmqAnswerQueue } from './bullmq-answer-queue.js';
import { ProgressMessages } from './progress-messages.js';
import { startQueuedNotices } from './queued-notices.js';
import { createProducerConnection, createWorkerConnection } from './redis-connections.js';

export interface BullmqAnswersOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly logger: Logger;
}

export interface AnswerWorkOptions {
  readonly run: AnswerJobRunner;
  /** Posts a platform's "queued" message for a job that waits. */
  readonly showQueued: (job: AnswerJob) => Promise<string | undefined>;
  readonly concurrency: number;
  readonly ratePerMinute: number;
  readonly queuedNoticeMs: number;
  readonly lockDurationMs?: number;
}

/** The answers queue on BullMQ: the entry's producer, the shared stats, and (when asked) a worker. */
export class BullmqAnswers {
  readonly queue: BullmqAnswerQueue;
  readonly stats: RedisAnswerStats;
  private readonly producer;
  private workerConnection: ReturnType<typeof createWorkerConnection> | undefined;
  private worker: RunningAnswerWorker | undefined;
  private notices: { stop(): void } | undefined;

  constructor(private readonly options: BullmqAnswersOptions) {
    this.producer = createProducerConnection(options.redisUrl);
    this.queue = new BullmqAnswerQueue({ connection: this.producer, prefix: options.prefix });
    this.stats = new RedisAnswerStats(this.producer, options.prefix, this.queue.queue);
  }

  /** Starts taking jobs in this process; resolves once the worker is connected. */
  async work(work: AnswerWorkOptions): Promise<void> {
    const { logger, prefix } = this.options;
    this.workerConnection = createWorkerConnection(this.options.redisUrl);
    const progress = new ProgressMessages(this.producer, prefix);
    this.worker = startAnswerWorker({
      connection: this.workerConnection,
      prefix,
      run: work.run,
      progress,
      stats: this.stats,
      logger,
      concurrency: work.concurrency,
      ratePerMinute: work.ratePerMinute,
      ...(work.lockDurationMs !== undefined ? { lockDurationMs: work.lockDurationMs } : {}),
    });
    this.notices = startQueuedNotices({
      queue: this.queue.queue,
      progress,
      show: work.showQueued,
      afterMs: work.queuedNoticeMs,
      logger,
    });
    await this.worker.ready;
  }

  async close(): Promise<void> {
    this.notices?.stop();
    await this.worker?.close();
    await this.queue.close();
    this.producer.disconnect();
    this.workerConnection?.disconnect();
  }
}
