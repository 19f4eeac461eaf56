import { describe, expect, it, vi } from 'vitest';
import type { DynamoDbLocal } from '../../../../adapters/dynamodb/dynamo-db-local.js';
import { superviseDynamoDbLocal } from '../../../../adapters/dynamodb/dynamo-db-local-supervisor.js';
import { createCapturingLogger } from '../../../fakes/capturing-logger.js';

/** A stand-in for the JVM: `die()` ends it the way a kill would, `stop()` records a clean stop. */
class FakeLocal implements DynamoDbLocal {
  readonly endpoint = 'http://127.0.0.1:8765';
  stopped = false;
  private dieNow: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void = () => undefined;
  readonly died = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    this.dieNow = resolve;
  });

  constructor(readonly pid: number) {}

  die(): void {
    this.dieNow({ code: null, signal: 'SIGKILL' });
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}

/** Starts that succeed or fail as scripted; every started fake is kept. */
function scriptedStarts(outcomes: readonly ('ok' | 'fail')[]) {
  const started: FakeLocal[] = [];
  let attempts = 0;
  const startLocal = () => {
    const outcome = outcomes[attempts] ?? 'ok';
    attempts += 1;
    if (outcome === 'fail') {
      return Promise.reject(new Error('Port 8765 is already used by another program'));
    }
    const local = new FakeLocal(1000 + attempts);
    started.push(local);
    return Promise.resolve(local);
  };
  return { started, startLocal, attempts: () => attempts };
}

describe('superviseDynamoDbLocal', () => {
  it('starts a dead DynamoDB Local again, retrying failed starts, and sets it up again', async () => {
    const { logger, lines } = createCapturingLogger();
    const starts = scriptedStarts(['ok', 'fail', 'fail', 'ok']);
    const afterRestart = vi.fn(() => Promise.resolve());
    const supervised = await superviseDynamoDbLocal({
      port: 8765,
      logger,
      restartDelayMs: 1,
      maxRestartDelayMs: 4,
      afterRestart,
      startLocal: starts.startLocal,
    });
    expect(supervised.pid).toBe(1001);

    starts.started[0]?.die();

    await vi.waitFor(() => expect(supervised.restarts).toBe(1));
    expect(starts.attempts()).toBe(4);
    expect(supervised.pid).toBe(1004);
    expect(afterRestart).toHaveBeenCalledTimes(1);
    const retries = lines.filter((line) => line.msg === 'DynamoDB Local is down; restarting it');
    // Back-off: each failed start waits longer than the one before, up to the maximum.
    expect(retries.map((line) => line.retryInMs)).toEqual([1, 2, 4]);
    expect(lines.filter((line) => line.msg === 'DynamoDB Local could not be restarted yet')).toHaveLength(2);
    await supervised.stop();
    expect(starts.started[1]?.stopped).toBe(true);
  });

  it('does not restart what it was told to stop, nor start one after stop()', async () => {
    const starts = scriptedStarts(['ok']);
    const supervised = await superviseDynamoDbLocal({ port: 8765, restartDelayMs: 1, startLocal: starts.startLocal });

    await supervised.stop();
    starts.started[0]?.die();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(starts.attempts()).toBe(1);
    expect(starts.started[0]?.stopped).toBe(true);
  });

  it('leaves a first start that fails to the caller: a missing Java is a start-up error', async () => {
    const starts = scriptedStarts(['fail']);
    await expect(superviseDynamoDbLocal({ port: 8765, startLocal: starts.startLocal })).rejects.toThrow(/already used/);
    expect(starts.attempts()).toBe(1);
  });
});
