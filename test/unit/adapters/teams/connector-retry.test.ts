import { describe, expect, it } from 'vitest';
import { retryTransient } from '../../../../adapters/teams/connector-retry.js';

function restError(statusCode: number, retryAfter?: string) {
  return Object.assign(new Error(`HTTP ${statusCode}`), {
    statusCode,
    response: { headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } },
  });
}

function flaky(failures: Error[]) {
  let calls = 0;
  return {
    work: () => {
      calls += 1;
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : Promise.resolve('sent');
    },
    calls: () => calls,
  };
}

describe('retrying Bot Connector calls', () => {
  it('waits as long as a throttling answer asks, then succeeds', async () => {
    const waits: number[] = [];
    const call = flaky([restError(429, '3'), restError(503)]);
    const result = await retryTransient(call.work, {
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
      baseDelayMs: 100,
    });
    expect(result).toBe('sent');
    expect(call.calls()).toBe(3);
    expect(waits[0]).toBe(3000);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it('gives up after the last attempt, and never retries a refusal', async () => {
    const sleep = () => Promise.resolve();
    const throttled = flaky([restError(429), restError(429), restError(429)]);
    await expect(retryTransient(throttled.work, { attempts: 3, sleep })).rejects.toMatchObject({
      statusCode: 429,
    });
    expect(throttled.calls()).toBe(3);

    for (const status of [400, 401, 403, 404, 413]) {
      const refused = flaky([restError(status)]);
      await expect(retryTransient(refused.work, { sleep })).rejects.toMatchObject({ statusCode: status });
      expect(refused.calls()).toBe(1);
    }
  });

  it('caps the wait a service asks for', async () => {
    const waits: number[] = [];
    await retryTransient(flaky([restError(429, '3600')]).work, {
      maxDelayMs: 5000,
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
    });
    expect(waits).toEqual([5000]);
  });
});
