import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { extname, resolve } from 'node:path';
import type { Logger } from '../logger.js';

export interface SupervisedWorker {
  stop(): Promise<void>;
}

/** `worker.ts` from source (npm start), `worker.js` when built (npm run start:prod). */
const WORKER_ENTRY = resolve(import.meta.dirname, `worker${extname(import.meta.filename)}`);
const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;
const STOP_GRACE_MS = 15_000;

/**
 * `npm start`'s answer worker: a child process, so answering (model calls, retrieval, rendering)
 * never shares the event loop that acknowledges platform requests. It is restarted when it dies
 * (its jobs are taken over by BullMQ's stalled-job recovery), and stopped with the service.
 */
export function superviseAnswerWorker(logger: Logger, args: readonly string[]): SupervisedWorker {
  let child: ChildProcess | undefined;
  let stopping = false;
  let restartMs = FIRST_RESTART_MS;
  let restartTimer: NodeJS.Timeout | undefined;
  let startedAt = 0;

  const start = () => {
    startedAt = Date.now();
    // The same Node flags (the TypeScript loader), environment and terminal as the service.
    const current = fork(WORKER_ENTRY, [...args], { stdio: 'inherit' });
    child = current;
    lowerPriority(current, logger);
    logger.info({ pid: current.pid }, 'answer worker process started');
    current.once('exit', (code, signal) => {
      child = undefined;
      if (stopping) {
        return;
      }
      // A worker that ran a while before dying starts again at once; one that keeps dying backs off.
      restartMs =
        Date.now() - startedAt > MAX_RESTART_MS ? FIRST_RESTART_MS : Math.min(restartMs * 2, MAX_RESTART_MS);
      logger.error({ code, signal, restartInMs: restartMs }, 'answer worker process exited; restarting');
      restartTimer = setTimeout(start, restartMs);
    });
  };
  start();

  return {
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null) {
        return;
      }
      const exited = new Promise<void>((done) => running.once('exit', () => done()));
      running.kill('SIGTERM');
      const forced = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(forced);
    },
  };
}

/**
 * On a shared host the answer worker yields the CPU to the acknowledging process: answering can
 * wait a few milliseconds, an acknowledgement past Slack's 3 seconds is a failed delivery.
 */
export const WORKER_NICENESS = 10;

function lowerPriority(child: ChildProcess, logger: Logger): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    setPriority(child.pid, WORKER_NICENESS);
  } catch (error) {
    logger.warn({ err: error }, 'answer worker priority not lowered');
  }
}
