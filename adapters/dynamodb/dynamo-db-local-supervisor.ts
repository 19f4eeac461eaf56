import { type DynamoDbLocal, type DynamoDbLocalOptions, startDynamoDbLocal } from './dynamo-db-local.js';

export interface DynamoDbLocalSupervisorOptions extends DynamoDbLocalOptions {
  /** First wait before a restart; doubled after each failed start, up to `maxRestartDelayMs`. */
  readonly restartDelayMs?: number;
  readonly maxRestartDelayMs?: number;
  /** Runs after each restart, e.g. to create the table again in an in-memory database. */
  readonly afterRestart?: (endpoint: string) => Promise<void>;
  /** How DynamoDB Local is started; tests pass a stand-in that dies on cue. */
  readonly startLocal?: (options: DynamoDbLocalOptions) => Promise<DynamoDbLocal>;
}

export interface SupervisedDynamoDbLocal {
  readonly endpoint: string;
  /** The running JVM's pid; undefined while it is being restarted. */
  readonly pid: number | undefined;
  /** How many times it was restarted after dying. */
  readonly restarts: number;
  /** Stops supervising and stops the process, also one that is starting. Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULT_RESTART_DELAY_MS = 1_000;
const DEFAULT_MAX_RESTART_DELAY_MS = 30_000;
/** A JVM that stayed up this long was healthy: the next crash starts the back-off afresh. */
const HEALTHY_UPTIME_MS = 60_000;

/**
 * Keeps the embedded DynamoDB Local running: when the JVM dies (out of memory, killed by the
 * system or by hand) it is started again on the same port, waiting longer after each failed
 * start so a JVM that cannot start does not spin. Everything talks to the port, not the process,
 * so readiness and requests recover by themselves once it answers again. The first start is not
 * retried: a missing Java or a taken port is a start-up error the operator must see.
 */
export async function superviseDynamoDbLocal(options: DynamoDbLocalSupervisorOptions): Promise<SupervisedDynamoDbLocal> {
  const startLocal = options.startLocal ?? startDynamoDbLocal;
  const { logger } = options;
  const initialDelay = options.restartDelayMs ?? DEFAULT_RESTART_DELAY_MS;
  const maxDelay = options.maxRestartDelayMs ?? DEFAULT_MAX_RESTART_DELAY_MS;

  let current: DynamoDbLocal | undefined = await startLocal(options);
  let startedAt = Date.now();
  let stopped = false;
  let restarts = 0;
  let pendingTimer: NodeJS.Timeout | undefined;
  let wakeSleeper: (() => void) | undefined;
  let restarting: Promise<void> | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wakeSleeper = resolve;
      pendingTimer = setTimeout(resolve, ms);
    });

  const restartLoop = async () => {
    let delay = Date.now() - startedAt >= HEALTHY_UPTIME_MS ? 0 : initialDelay;
    for (let attempt = 1; !stopped; attempt += 1) {
      if (delay > 0) {
        logger?.warn({ attempt, retryInMs: delay }, 'DynamoDB Local is down; restarting it');
        await sleep(delay);
      }
      if (stopped) {
        return;
      }
      try {
        const next = await startLocal(options);
        if (stopped) {
          await next.stop();
          return;
        }
        current = next;
        startedAt = Date.now();
        restarts += 1;
        watch(next);
        logger?.info({ endpoint: next.endpoint, pid: next.pid, attempt, restarts }, 'DynamoDB Local restarted');
        await options.afterRestart?.(next.endpoint).catch((error: unknown) => {
          logger?.error({ err: error }, 'DynamoDB Local restarted, but setting it up again failed');
        });
        return;
      } catch (error) {
        // Expected while the port is still held or the machine is short of memory: one line, no stack.
        logger?.warn(
          { attempt, reason: error instanceof Error ? error.message : String(error) },
          'DynamoDB Local could not be restarted yet',
        );
        delay = Math.min(maxDelay, Math.max(initialDelay, delay * 2));
      }
    }
  };

  const watch = (instance: DynamoDbLocal) => {
    void instance.died.then(() => {
      if (stopped || current !== instance) {
        return;
      }
      current = undefined;
      restarting = restartLoop().finally(() => {
        restarting = undefined;
      });
    });
  };
  watch(current);

  let stopping: Promise<void> | undefined;
  return {
    endpoint: current.endpoint,
    get pid() {
      return current?.pid;
    },
    get restarts() {
      return restarts;
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearTimeout(pendingTimer);
        wakeSleeper?.();
        await restarting;
        await current?.stop();
      })();
      return stopping;
    },
  };
}
