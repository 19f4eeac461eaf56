import type { Logger } from '../logger.js';

export interface StopDeadline {
  /** Time left before the deadline, never below zero. */
  remainingMs(): number;
  /**
   * Runs one step of a stop with the time that is left. A step still running at the deadline is
   * abandoned (logged, not awaited) so the steps after it, closing storage above all, still run.
   * A step that fails is logged and the stop goes on: one broken dependency must not keep the
   * others open.
   */
  step(name: string, run: (remainingMs: number) => Promise<unknown>): Promise<void>;
}

/** A budget shared by the steps of one stop, so the whole stop fits in the grace period. */
export function stopDeadline(budgetMs: number, logger: Logger): StopDeadline {
  const endsAt = Date.now() + budgetMs;
  const remainingMs = () => Math.max(0, endsAt - Date.now());
  return {
    remainingMs,
    async step(name, run) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), remainingMs());
      });
      try {
        const outcome = await Promise.race([run(remainingMs()).then(() => 'done' as const), late]);
        if (outcome === 'late') {
          logger.warn({ step: name }, 'stop step did not finish in time; going on without it');
        }
      } catch (error) {
        logger.warn({ step: name, err: error }, 'stop step failed; going on');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
