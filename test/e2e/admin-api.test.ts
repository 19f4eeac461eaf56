import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../src/config/app-config.js';
import { DISABLED_NOTICE } from '../../src/channels/channel-policy.js';
import { type RunningService, startService } from '../../src/app/start-service.js';
import type { InboundMessage } from '../../src/conversation/types.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { useTestTable } from '../support/dynamodb.js';
import { useRunningService } from '../support/running-service.js';

const TOKEN = `e2e-${randomUUID()}-${randomUUID()}`;

describe('the admin API of the running service', () => {
  // A workspace of its own: rate-limit keys in the shared Redis cannot meet another run's.
  const tenantId = `T${randomUUID().slice(0, 8)}`;
  let sequence = 0;
  const running = useRunningService('e2e-admin', { ADMIN_API_TOKEN: TOKEN, ADMIN_USERS: 'slack:U0ROOT' });

  const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const { token, headers, ...rest } = init;
    return fetch(`${running.service.http.url}${path}`, {
      ...rest,
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token ?? TOKEN}` }),
        ...(headers as Record<string, string> | undefined),
      },
    });
  };

  const message = (channelId: string, text = 'How do I connect to the VPN?'): InboundMessage => ({
    ref: { platform: 'slack', tenantId, channelId, threadId: 't1' },
    author: { id: 'U0STAFF' },
    text,
    eventId: `e2e-admin-${(sequence += 1)}`,
    receivedAt: new Date(),
  });

  it('refuses a missing or a wrong token', async () => {
    expect((await api('/admin/channels', { token: null })).status).toBe(401);
    const wrong = await api('/admin/channels', { token: 'x'.repeat(64) });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'UNAUTHORIZED' });
  });

  it('answers its OpenAPI document', async () => {
    const response = await api('/admin/openapi.json', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'Steward admin API' } });
  });

  it('stores a change in DynamoDB, audits it, and the bot obeys it at once on this instance', async () => {
    const path = `/admin/channels/slack/${tenantId}/C0OFF`;
    expect((await running.service.core.dispatcher.dispatch(message('C0OFF'))).kind).toBe('answer');

    const saved = await api(path, {
      method: 'PATCH',
      body: JSON.stringify({ enabled: false }),
      headers: { 'if-match': '"0"' },
    });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"1"');
    expect(await running.service.core.dispatcher.dispatch(message('C0OFF'))).toEqual({
      kind: 'notice',
      text: DISABLED_NOTICE,
      audience: 'author',
    });

    const audit = await api(`/admin/audit?platform=slack&tenantId=${tenantId}&channelId=C0OFF`);
    expect(await audit.json()).toMatchObject({
      records: [
        {
          action: 'settings.changed',
          actor: { kind: 'admin-api' },
          details: { before: null, after: { enabled: false } },
        },
      ],
    });
  });

  it('reports every invalid field and keeps the stored settings', async () => {
    const path = `/admin/channels/slack/${tenantId}/C0BAD`;
    await api(path, { method: 'PUT', body: JSON.stringify({ persona: 'Kept.' }) });
    const response = await api(path, {
      method: 'PATCH',
      body: JSON.stringify({ userMessagesPerMinute: 0, access: { mode: 'some' } }),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { fields: { path: string }[] };
    expect(body.fields.map((field) => field.path).sort()).toEqual(['access.mode', 'userMessagesPerMinute']);
    expect(await (await api(path)).json()).toMatchObject({ version: 1, settings: { persona: 'Kept.' } });
  });

  it('rate-limits a person through Redis as soon as a limit is set', async () => {
    const path = `/admin/channels/slack/${tenantId}/C0RATE`;
    expect(
      (await api(path, { method: 'PATCH', body: JSON.stringify({ userMessagesPerMinute: 1 }) })).status,
    ).toBe(200);
    expect((await running.service.core.dispatcher.dispatch(message('C0RATE'))).kind).toBe('answer');
    expect(await running.service.core.dispatcher.dispatch(message('C0RATE'))).toMatchObject({
      kind: 'error',
      text: expect.stringMatching(/^You have sent 1 message in the last minute/) as unknown,
    });
  });
});

describe('the service without ADMIN_API_TOKEN', () => {
  const { logger, lines } = createCapturingLogger();
  const running = useRunningService('e2e-admin-off', {}, { logger });

  it('serves no admin API, and says so in the log', async () => {
    expect((await fetch(`${running.service.http.url}/admin/openapi.json`)).status).toBe(404);
    expect(lines.find((line) => line.msg === 'admin api disabled')).toMatchObject({
      reason: 'neither ADMIN_API_TOKEN nor ADMIN_API_TOKENS is set',
    });
  });
});

describe('two running instances over one table', () => {
  const table = useTestTable('e2e-admin-two');
  const clock = new FixedClock(new Date());
  let first: RunningService;
  let second: RunningService;

  beforeAll(async () => {
    const config = parseAppConfig({
      PORT: '0',
      DYNAMODB_ENDPOINT: table.endpoint,
      DYNAMODB_TABLE: table.tableName,
      ADMIN_API_TOKEN: TOKEN,
      CHANNEL_SETTINGS_CACHE_SECONDS: '5',
    });
    const { logger } = createCapturingLogger();
    [first, second] = await Promise.all([
      startService(config, { logger, clock }),
      startService(config, { logger, clock }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([first.stop(), second.stop()]);
  });

  it("a change saved through one instance's API reaches the other within its cache window", async () => {
    const tenantId = `T${randomUUID().slice(0, 8)}`;
    // Each asker is someone new: a person is told a channel is off once an hour, on any instance.
    const ask = (service: RunningService, n: number) =>
      service.core.dispatcher.dispatch({
        ref: { platform: 'slack', tenantId, channelId: 'C0TWO', threadId: 't' },
        author: { id: `U0STAFF${n}` },
        text: 'How do I connect to the VPN?',
        eventId: `two-${n}`,
        receivedAt: clock.now(),
      });
    expect((await ask(second, 1)).kind).toBe('answer');

    const saved = await fetch(`${first.http.url}/admin/channels/slack/${tenantId}/C0TWO`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(saved.status).toBe(200);

    expect(await ask(first, 2)).toEqual({ kind: 'notice', text: DISABLED_NOTICE, audience: 'author' });
    clock.advance(4_999);
    expect((await ask(second, 3)).kind).toBe('answer');
    clock.advance(1);
    expect(await ask(second, 4)).toEqual({ kind: 'notice', text: DISABLED_NOTICE, audience: 'author' });
  });
});
