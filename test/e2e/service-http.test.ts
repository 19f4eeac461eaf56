import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAppConfig } from '../../src/config/app-config.js';
import { type RunningService, startService } from '../../src/app/start-service.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { useTestTable } from '../support/dynamodb.js';
import { freePort } from '../support/free-port.js';

describe('the service over HTTP', () => {
  const table = useTestTable('e2e-http');
  let service: RunningService;
  const { logger, lines } = createCapturingLogger();

  beforeAll(async () => {
    const config = parseAppConfig({
      PORT: '0',
      DYNAMODB_ENDPOINT: table.endpoint,
      DYNAMODB_TABLE: table.tableName,
    });
    service = await startService(config, { logger });
  });

  it('starts without Slack when it is not configured, and says why', async () => {
    expect(lines.find((line) => line.msg === 'slack disabled')).toMatchObject({
      reason: 'SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are not set',
    });
    expect((await fetch(`${service.http.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  afterAll(async () => {
    await service.stop();
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${service.http.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when DynamoDB and Redis answer', async () => {
    const response = await fetch(`${service.management.url}/readyz`);
    expect(await response.json()).toEqual({ ready: true, checks: { dynamodb: { ok: true }, redis: { ok: true } } });
    expect(response.status).toBe(200);
  });

  it('keeps /readyz and /metrics off the public port, on a management port bound to loopback', async () => {
    expect((await fetch(`${service.http.url}/readyz`)).status).toBe(404);
    expect((await fetch(`${service.http.url}/metrics`)).status).toBe(404);
    expect(service.management.port).not.toBe(service.http.port);
    expect(new URL(service.management.url).hostname).toBe('127.0.0.1');
    expect(lines.find((line) => line.msg === 'http server listening' && line.server === 'management')).toMatchObject({
      host: '127.0.0.1',
    });
    expect((await fetch(`${service.management.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${service.management.url}/healthz`)).status).toBe(200);
  });

  it('refuses an oversized body with 413 and keeps serving', async () => {
    const response = await fetch(`${service.http.url}/healthz`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect((await fetch(`${service.http.url}/healthz`)).status).toBe(200);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await fetch(`${service.http.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'NOT_FOUND' });
  });

  it('answers questions through the core with the bundled sample knowledge', async () => {
    const reply = await service.core.dispatcher.dispatch({
      ref: { platform: 'cli', tenantId: 'local', channelId: 'terminal', threadId: 'e2e' },
      author: { id: 'tester' },
      text: 'How do I connect to the VPN?',
      eventId: 'e2e-1',
      receivedAt: new Date(),
    });
    expect(reply.kind).toBe('answer');
  });
});

describe('the service when DynamoDB is down at start', () => {
  let service: RunningService;
  const { logger, lines } = createCapturingLogger();

  beforeAll(async () => {
    // Port 9 (discard) has no listener here: connections are refused at once.
    const config = parseAppConfig({ PORT: '0', DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' });
    service = await startService(config, { logger });
  });

  afterAll(async () => {
    await service.stop();
  });

  it('starts, reports not ready, and says why', async () => {
    const response = await fetch(`${service.management.url}/readyz`);
    expect(response.status).toBe(503);
    const report = (await response.json()) as { checks: Record<string, { ok: boolean; error?: string }> };
    expect(report.checks.dynamodb?.ok).toBe(false);
    expect(report.checks.redis?.ok).toBe(true);
    // The table setup fails in the background; its log line may follow the first /readyz answer.
    await vi.waitFor(() => expect(lines.some((line) => line.msg === 'dynamodb table not ready; retrying')).toBe(true));
  });

  it('answers a question with a clear error instead of crashing', async () => {
    const reply = await service.core.dispatcher.dispatch({
      ref: { platform: 'cli', tenantId: 'local', channelId: 'terminal', threadId: 'down' },
      author: { id: 'tester' },
      text: 'How do I connect to the VPN?',
      eventId: 'down-1',
      receivedAt: new Date(),
    });
    expect(reply).toMatchObject({ kind: 'error', text: expect.stringMatching(/try again/) as unknown });
    expect((await fetch(`${service.http.url}/healthz`)).status).toBe(200);
  });
});

describe('the service when Redis is down', () => {
  const table = useTestTable('e2e-redis-down');
  let service: RunningService;
  let redisPort: number;
  let stopped = false;
  const { logger, lines } = createCapturingLogger();

  beforeAll(async () => {
    redisPort = await freePort();
    const config = parseAppConfig({
      PORT: '0',
      DYNAMODB_ENDPOINT: table.endpoint,
      DYNAMODB_TABLE: table.tableName,
      // Nothing listens on a free port: connections are refused at once.
      REDIS_URL: `redis://:hunter2@127.0.0.1:${redisPort}`,
      SHUTDOWN_GRACE_SECONDS: '2',
    });
    service = await startService(config, { logger });
  });

  afterAll(async () => {
    if (!stopped) {
      await service.stop();
    }
  });

  it('says on /readyz which Redis failed, without its password', async () => {
    const response = await fetch(`${service.management.url}/readyz`);
    expect(response.status).toBe(503);
    const report = (await response.json()) as { checks: Record<string, { ok: boolean; error?: string }> };
    expect(report.checks.redis?.ok).toBe(false);
    expect(report.checks.redis?.error).toContain(`Redis at 127.0.0.1:${redisPort}`);
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });

  it('stops within its grace period instead of waiting for Redis to come back', async () => {
    stopped = true;
    await service.stop();
    expect(lines.some((line) => line.msg === 'approval queues did not close in time; connections dropped')).toBe(true);
    expect((await fetch(`${service.http.url}/healthz`).catch(() => undefined))?.status).toBeUndefined();
  });
});

describe('the service with channels that set no rate limit', () => {
  const table = useTestTable('e2e-default-rate');
  let service: RunningService;

  beforeAll(async () => {
    const config = parseAppConfig({ PORT: '0', DYNAMODB_ENDPOINT: table.endpoint, DYNAMODB_TABLE: table.tableName });
    service = await startService(config, { logger: createCapturingLogger().logger });
  });

  afterAll(async () => {
    await service.stop();
  });

  it('limits each person to the default 10 messages a minute, and no one else', async () => {
    // A channel of its own: the count lives in the shared Redis for a minute.
    const channelId = `rate-${randomUUID()}`;
    const send = (author: string, n: number) =>
      service.core.dispatcher.dispatch({
        ref: { platform: 'cli', tenantId: 'local', channelId, threadId: 't' },
        author: { id: author },
        text: 'help',
        eventId: `${channelId}-${author}-${n}`,
        receivedAt: new Date(),
      });
    for (let n = 1; n <= 10; n += 1) {
      expect((await send('busy', n)).kind).not.toBe('error');
    }
    expect(await send('busy', 11)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('10 messages in the last minute') as unknown,
    });
    expect((await send('other', 1)).kind).not.toBe('error');
  });
});
