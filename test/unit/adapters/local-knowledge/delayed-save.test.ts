import { describe, expect, it } from 'vitest';
import { DelayedSave } from '../../../../adapters/local-knowledge/delayed-save.js';

const HOUR = 60 * 60 * 1000;

/** A save that counts its runs and can be held open, to see what waits for what. */
function countingSave() {
  const state = { runs: 0 };
  let release: () => void = () => undefined;
  const save = async () => {
    state.runs += 1;
    await new Promise<void>((resolve) => {
      release = resolve;
    });
  };
  return { state, save, release: () => release() };
}

describe('DelayedSave', () => {
  it('saves once for requests made while one waits', async () => {
    const { state, save, release } = countingSave();
    const delayed = new DelayedSave(save, HOUR);
    delayed.request();
    delayed.request();
    const flushed = delayed.flush();
    await Promise.resolve();
    release();
    await flushed;
    expect(state.runs).toBe(1);
  });

  it('starts a waiting save at once when flushed, and settles when it is written', async () => {
    const { state, save, release } = countingSave();
    const delayed = new DelayedSave(save, HOUR);
    delayed.request();
    expect(state.runs).toBe(0);
    let settled = false;
    const flushed = delayed.flush().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.runs).toBe(1);
    expect(settled).toBe(false);
    release();
    await flushed;
    expect(settled).toBe(true);
  });

  it('saves again for a request made after the last save started', async () => {
    const { state, save, release } = countingSave();
    const delayed = new DelayedSave(save, HOUR);
    delayed.request();
    const first = delayed.flush();
    await new Promise((resolve) => setImmediate(resolve));
    delayed.request();
    release();
    await first;
    const second = delayed.flush();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await second;
    expect(state.runs).toBe(2);
  });

  it('has nothing to wait for when nothing was requested', async () => {
    const { state, save } = countingSave();
    const delayed = new DelayedSave(save, HOUR);
    await delayed.flush();
    await delayed.settled();
    expect(state.runs).toBe(0);
  });
});
