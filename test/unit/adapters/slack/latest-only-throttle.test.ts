import { describe, expect, it } from 'vitest';
import { LatestOnlyThrottle, type TimerSource } from '../../../../adapters/slack/latest-only-throttle.js';

/** Timers driven by the test: time moves only when `advance` is called. */
class ManualTimers implements TimerSource {
  private time = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  async advance(ms: number): Promise<void> {
    this.time += ms;
    for (const timer of this.timers.filter((t) => t.at <= this.time)) {
      this.timers = this.timers.filter((t) => t !== timer);
      timer.callback();
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function setup(applyTakes?: () => Promise<void>) {
  const timers = new ManualTimers();
  const applied: string[] = [];
  const errors: unknown[] = [];
  const throttle = new LatestOnlyThrottle<string>(
    async (value) => {
      await applyTakes?.();
      applied.push(value);
    },
    1000,
    (error) => errors.push(error),
    timers,
  );
  return { timers, applied, errors, throttle };
}

describe('LatestOnlyThrottle', () => {
  it('applies the first value at once and then at most one value per interval, always the newest', async () => {
    const { timers, applied, throttle } = setup();
    throttle.push('a');
    await timers.advance(0);
    expect(applied).toEqual(['a']);
    throttle.push('ab');
    throttle.push('abc');
    await timers.advance(500);
    expect(applied).toEqual(['a']);
    await timers.advance(500);
    expect(applied).toEqual(['a', 'abc']);
  });

  it('never runs two applications at once', async () => {
    let release: () => void = () => undefined;
    const gate = () => new Promise<void>((resolve) => (release = resolve));
    const { timers, applied, throttle } = setup(gate);
    throttle.push('a');
    await timers.advance(0);
    throttle.push('ab');
    await timers.advance(5000);
    expect(applied).toEqual([]);
    release();
    await timers.advance(0);
    expect(applied).toEqual(['a']);
    await timers.advance(0);
    release();
    await timers.advance(0);
    expect(applied).toEqual(['a', 'ab']);
  });

  it('drops what is pending on close and waits for the application in flight', async () => {
    let release: () => void = () => undefined;
    const { timers, applied, throttle } = setup(() => new Promise<void>((resolve) => (release = resolve)));
    throttle.push('a');
    await timers.advance(0);
    throttle.push('ab');
    let closed = false;
    const closing = throttle.close().then(() => (closed = true));
    await timers.advance(0);
    expect(closed).toBe(false);
    release();
    await closing;
    await timers.advance(10_000);
    throttle.push('abc');
    await timers.advance(10_000);
    expect(applied).toEqual(['a']);
  });

  it('reports a failed application and keeps going', async () => {
    let fail = true;
    const { timers, applied, errors, throttle } = setup(() =>
      fail ? Promise.reject(new Error('429')) : Promise.resolve(),
    );
    throttle.push('a');
    await timers.advance(0);
    fail = false;
    throttle.push('ab');
    await timers.advance(1000);
    expect(errors).toHaveLength(1);
    expect(applied).toEqual(['ab']);
  });
});
