import type { BackgroundTasks } from '../background-tasks.js';
import type { Logger } from '../logger.js';
import type { AnswerJob, AnswerJobControl, AnswerJobRunner, AnswerQueue } from '../ports/answer-queue.js';
import { RetryAnswerLater } from './retry-answer-later.js';

/**
 * Answers without Redis (development, `ask`, `chat`, a first `npm start`): jobs run in this
 * process behind a limit of answers at once, tracked so shutdown waits for them. Nothing is
 * durable: a process that dies loses the questions it was answering, which production (where
 * Redis is required) never accepts.
 */
export class InProcessAnswerQueue implements AnswerQueue {
  private runner: AnswerJobRunner | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly tasks: BackgroundTasks,
    private readonly concurrency: number,
    private readonly logger: Logger,
  ) {}

  /** The runner is known once the platforms are wired, after the queue was handed to them. */
  runWith(runner: AnswerJobRunner): void {
    this.runner = runner;
  }

  enqueue(job: AnswerJob): Promise<void> {
    this.tasks.run('answer', () => this.withSlot(() => this.run(job, 0)));
    return Promise.resolve();
  }

  private async run(job: AnswerJob, throttled: number): Promise<void> {
    const runner = this.runner;
    if (!runner) {
      this.logger.error({ eventId: job.message.eventId }, 'answer job dropped: no answer runner is wired');
      return;
    }
    let handle: Promise<string | undefined> | undefined;
    const control: AnswerJobControl = {
      attempt: 1,
      throttled,
      progressMessage: (post) => (handle ??= post()),
    };
    try {
      await runner(job, control);
    } catch (error) {
      if (!(error instanceof RetryAnswerLater)) {
        throw error;
      }
      this.logger.warn(
        { eventId: job.message.eventId, delayMs: error.delayMs },
        'model throttled; answer retried later',
      );
      await new Promise((resolve) => setTimeout(resolve, error.delayMs));
      await this.run(job, throttled + 1);
    }
  }

  private async withSlot(work: () => Promise<void>): Promise<void> {
    if (this.running >= this.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running += 1;
    try {
      await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
