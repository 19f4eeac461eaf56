import type { Queue } from 'bullmq';
import type { Logger } from '../../src/logger.js';
import type { AnswerJob } from '../../src/ports/answer-queue.js';
import { type AnswerJobData, fromJobData } from './answer-job-data.js';
import type { ProgressMessages } from './progress-messages.js';

export interface QueuedNoticesOptions {
  readonly queue: Queue<AnswerJobData>;
  readonly progress: ProgressMessages;
  /** Posts the platform's "queued" message for a job; returns its handle. */
  readonly show: (job: AnswerJob) => Promise<string | undefined>;
  /** Jobs waiting longer than this get the notice. */
  readonly afterMs: number;
  readonly logger: Logger;
}

/** Jobs looked at per pass: the oldest first, which are the ones waiting longest. */
const BATCH = 200;

/**
 * Tells people whose question waits for a free worker that it is queued. Every worker process
 * runs this; the progress message's claim (ProgressMessages) makes one of them post, and the
 * worker that finally takes the job updates that same message with the answer.
 */
export function startQueuedNotices(options: QueuedNoticesOptions): { stop(): void } {
  const noticed = new Set<string>();
  let pass: Promise<void> | undefined;
  const sweep = async () => {
    const jobs = await options.queue.getJobs(['waiting', 'prioritized'], 0, BATCH - 1, true);
    const now = Date.now();
    for (const job of jobs) {
      const id = job.id;
      if (id === undefined || noticed.has(id) || now - Date.parse(job.data.enqueuedAt) < options.afterMs) {
        continue;
      }
      noticed.add(id);
      if ((await options.progress.recorded(id)) !== undefined) {
        continue;
      }
      await options.progress.showOnce(id, () => options.show(fromJobData(job.data)));
    }
    // Forget ids no longer waiting, so the set stays as small as the backlog.
    const waiting = new Set(jobs.map((job) => job.id));
    for (const id of noticed) {
      if (!waiting.has(id)) {
        noticed.delete(id);
      }
    }
  };
  const timer = setInterval(
    () => {
      pass ??= sweep()
        .catch((error: unknown) => options.logger.warn({ err: error }, 'queued notices not shown'))
        .finally(() => {
          pass = undefined;
        });
    },
    Math.max(250, Math.min(1_000, options.afterMs / 2)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
