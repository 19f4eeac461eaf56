import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepTyping } from '../../../../adapters/teams/typing-indicator.js';

describe('the typing indicator', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows at once, renews until stopped, and never sends after stop', async () => {
    let sends = 0;
    const typing = keepTyping(
      () => {
        sends += 1;
        return Promise.resolve();
      },
      () => undefined,
      1000,
    );
    expect(sends).toBe(1);

    await vi.advanceTimersByTimeAsync(3000);
    expect(sends).toBe(4);

    await typing.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sends).toBe(4);
  });

  it('waits for a send in flight when stopped, so typing cannot follow the answer', async () => {
    let finish: () => void = () => undefined;
    const typing = keepTyping(
      () => new Promise<void>((resolve) => (finish = resolve)),
      () => undefined,
      1000,
    );
    let stopped = false;
    const stopping = typing.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('reports a failed send once and gives up, without failing anything else', async () => {
    const errors: unknown[] = [];
    let sends = 0;
    const typing = keepTyping(
      () => {
        sends += 1;
        return Promise.reject(new Error('HTTP 403'));
      },
      (error) => errors.push(error),
      1000,
    );
    await vi.advanceTimersByTimeAsync(5000);
    await typing.stop();
    expect(sends).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
