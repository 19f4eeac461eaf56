import type { Logger } from './logger.js';

/**
 * Work that continues after a platform request was acknowledged (Slack wants an answer within
 * 3 seconds; answering a question may take longer). Tracking it lets shutdown wait for replies
 * in flight instead of cutting them off, and guarantees every failure is logged.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(name: string, work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) => {
        this.logger.error({ err: error, task: name }, 'background task failed');
      })
      .finally(() => {
        this.running.delete(task);
      });
    this.running.add(task);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when every task started so far has finished, or after `timeoutMs`. */
  async drain(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
  }
}
