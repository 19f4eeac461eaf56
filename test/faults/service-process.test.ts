import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { descendantsOf, isRunning } from '../support/processes/process-table.js';
import { type OwnRedis, startOwnRedis } from '../support/processes/own-redis.js';
import { byMessage, type ServiceProcess, startServiceProcess } from '../support/processes/service-process.js';

/*
 * The service as a process manager or container runtime runs it: its own process (through the
 * documented `npm start`), the embedded DynamoDB Local as its child, a Redis of this test's own
 * that the test kills. Each scenario checks what is left running afterwards.
 */

const STARTUP_TIMEOUT_MS = 120_000;
let redis: OwnRedis;
const started: ServiceProcess[] = [];

beforeAll(async () => {
  redis = await startOwnRedis();
});

afterEach(async () => {
  // Whatever a failed scenario left behind: the service, npm, the JVM.
  for (const service of started.splice(0)) {
    for (const pid of [...descendantsOf(service.pid), service.pid]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  await redis.start().catch(() => undefined);
});

afterAll(async () => {
  await redis.kill();
});

async function start(via: 'npm-start' | 'node', env: Record<string, string> = {}) {
  const service = await startServiceProcess({ via, redisUrl: redis.url, env });
  started.push(service);
  await service.waitForLog(byMessage('steward started'));
  const java = await service.waitForLog(byMessage('DynamoDB Local started'));
  const javaPid = java.pid as number;
  expect(isRunning(javaPid)).toBe(true);
  return { service, javaPid };
}

async function readiness(service: ServiceProcess): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${service.managementPort}/readyz`);
  return { status: response.status, body: await response.json() };
}

describe('stopping the service', () => {
  it(
    'passes SIGTERM sent to `npm start` on to the service, which stops and leaves nothing running',
    async () => {
      const { service, javaPid } = await start('npm-start');
      const below = descendantsOf(service.pid);
      expect(below).toContain(javaPid);

      process.kill(service.pid, 'SIGTERM');

      expect(await service.exited).toMatchObject({ code: 0 });
      await service.waitForLog(byMessage('stopped'));
      await vi.waitFor(() => expect(below.filter(isRunning)).toEqual([]), { timeout: 10_000 });
    },
    STARTUP_TIMEOUT_MS,
  );

  it(
    'finishes within the grace period while Redis is down, and stops DynamoDB Local',
    async () => {
      const { service, javaPid } = await start('node', { SHUTDOWN_GRACE_SECONDS: '3' });
      await redis.kill();
      await vi.waitFor(async () => expect((await readiness(service)).status).toBe(503), { timeout: 10_000 });

      process.kill(service.pid, 'SIGTERM');

      const exit = await service.exited;
      expect(exit.signal).toBeNull();
      expect(service.lines.find(byMessage('stopping'))).toMatchObject({ signal: 'SIGTERM', graceSeconds: 3 });
      await vi.waitFor(() => expect(isRunning(javaPid)).toBe(false), { timeout: 10_000 });
    },
    STARTUP_TIMEOUT_MS,
  );

  it(
    'exits at once on a second signal during a slow stop, and still leaves no DynamoDB Local behind',
    async () => {
      // A grace period long enough that only the second signal can end this stop in time.
      const { service, javaPid } = await start('node', { SHUTDOWN_GRACE_SECONDS: '300' });
      await redis.kill();

      process.kill(service.pid, 'SIGTERM');
      await service.waitForLog(byMessage('stopping'));
      process.kill(service.pid, 'SIGTERM');

      const exit = await service.exited;
      expect(exit).toMatchObject({ code: 143, signal: null });
      expect(service.lines.some(byMessage('second stop signal: exiting without waiting for the graceful stop'))).toBe(
        true,
      );
      await vi.waitFor(() => expect(isRunning(javaPid)).toBe(false), { timeout: 10_000 });
    },
    STARTUP_TIMEOUT_MS,
  );
});

/*
 * The embedded DynamoDB Local dies under the running service (an OOM kill, someone's kill -9):
 * the service must start it again and become ready without being restarted itself. In this file
 * rather than its own so that the JVMs of these scenarios start one after another, not at once.
 */
describe('the embedded DynamoDB Local under supervision', () => {
  it(
    'restarts a killed DynamoDB Local and /readyz recovers without restarting the service',
    async () => {
      const { service, javaPid } = await start('node');
      await vi.waitFor(async () => expect((await readiness(service)).status).toBe(200), {
        timeout: 30_000,
        interval: 200,
      });

      process.kill(javaPid, 'SIGKILL');

      await service.waitForLog(byMessage('DynamoDB Local exited unexpectedly'));
      const restarted = await service.waitForLog(byMessage('DynamoDB Local restarted'));
      const second = restarted.pid as number;
      expect(second).not.toBe(javaPid);
      await vi.waitFor(async () => expect((await readiness(service)).status).toBe(200), {
        timeout: 30_000,
        interval: 200,
      });
      expect(isRunning(service.pid)).toBe(true);

      process.kill(service.pid, 'SIGTERM');
      expect(await service.exited).toMatchObject({ code: 0 });
      await vi.waitFor(() => expect(isRunning(second)).toBe(false), { timeout: 10_000 });
    },
    STARTUP_TIMEOUT_MS,
  );
});
