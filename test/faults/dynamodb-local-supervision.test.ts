import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isRunning } from '../support/processes/process-table.js';
import { type OwnRedis, startOwnRedis } from '../support/processes/own-redis.js';
import { byMessage, type ServiceProcess, startServiceProcess } from '../support/processes/service-process.js';

/*
 * The embedded DynamoDB Local dies under the running service (an OOM kill, someone's kill -9):
 * the service must start it again and become ready without being restarted itself.
 */
describe('the embedded DynamoDB Local under supervision', () => {
  let redis: OwnRedis;
  let service: ServiceProcess | undefined;
  const javaPids: number[] = [];

  beforeAll(async () => {
    redis = await startOwnRedis();
  });

  afterAll(async () => {
    if (service && isRunning(service.pid)) {
      service.child.kill('SIGKILL');
    }
    for (const pid of javaPids.filter(isRunning)) {
      process.kill(pid, 'SIGKILL');
    }
    await redis.kill();
  });

  const readiness = async (port: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: response.status, body: (await response.json()) as { checks: Record<string, { ok: boolean }> } };
  };

  it('restarts a killed DynamoDB Local and /readyz recovers without restarting the service', async () => {
    const running = await startServiceProcess({ via: 'node', redisUrl: redis.url });
    service = running;
    await running.waitForLog(byMessage('steward started'));
    const first = (await running.waitForLog(byMessage('DynamoDB Local started'))).pid as number;
    javaPids.push(first);
    await vi.waitFor(async () => expect((await readiness(running.managementPort)).status).toBe(200), {
      timeout: 30_000,
      interval: 200,
    });

    process.kill(first, 'SIGKILL');

    await running.waitForLog(byMessage('DynamoDB Local exited unexpectedly'));
    const restarted = await running.waitForLog(byMessage('DynamoDB Local restarted'));
    const second = restarted.pid as number;
    javaPids.push(second);
    expect(second).not.toBe(first);
    await vi.waitFor(async () => expect((await readiness(running.managementPort)).status).toBe(200), {
      timeout: 30_000,
      interval: 200,
    });
    expect(isRunning(running.pid)).toBe(true);

    running.child.kill('SIGTERM');
    expect(await running.exited).toMatchObject({ code: 0 });
    await vi.waitFor(() => expect(isRunning(second)).toBe(false), { timeout: 10_000 });
  }, 180_000);
});
