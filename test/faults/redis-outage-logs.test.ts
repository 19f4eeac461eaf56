import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAppConfig } from '../../src/config/app-config.js';
import { type RunningService, startService } from '../../src/app/start-service.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { useTestTable } from '../support/dynamodb.js';
import { type OwnRedis, startOwnRedis } from '../support/processes/own-redis.js';

/*
 * Redis goes away under a running service and comes back. BullMQ retries the connection several
 * times a second and reports each failure; the log must say "down" once, not once per attempt.
 */
describe('the service while its Redis is down', () => {
  const table = useTestTable('faults-redis-logs');
  let redis: OwnRedis;
  let service: RunningService;
  const { logger, lines } = createCapturingLogger();

  beforeAll(async () => {
    redis = await startOwnRedis();
    const config = parseAppConfig({
      PORT: '0',
      DYNAMODB_ENDPOINT: table.endpoint,
      DYNAMODB_TABLE: table.tableName,
      REDIS_URL: redis.url,
      SHUTDOWN_GRACE_SECONDS: '2',
    });
    service = await startService(config, { logger });
    await service.approvals.worker?.ready;
  });

  afterAll(async () => {
    await service.stop();
    await redis.kill();
  });

  it('logs the outage once, without stack traces, and the recovery once', async () => {
    await redis.kill();
    await vi.waitFor(() => expect(lines.some((line) => line.msg === 'redis is down')).toBe(true), {
      timeout: 10_000,
    });
    // Long enough for BullMQ to retry many times (it tries several times a second).
    await sleep(3_000);

    const down = lines.filter((line) => line.msg === 'redis is down');
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({ dependency: 'redis', reason: expect.stringContaining('ECONNREFUSED') as unknown });
    expect(lines.filter((line) => line.msg === 'approval worker error')).toEqual([]);
    expect(JSON.stringify(down)).not.toContain('stack');

    await redis.start();
    await vi.waitFor(() => expect(lines.some((line) => line.msg === 'redis is back up')).toBe(true), {
      timeout: 20_000,
    });
    expect(lines.filter((line) => line.msg === 'redis is back up')).toHaveLength(1);
  }, 60_000);
});
