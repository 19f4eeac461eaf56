import { describe, expect, it } from 'vitest';
import { createAdminApiRoutes } from '../../../../adapters/admin-api/admin-api.js';
import { createAdminHarness } from '../../../support/admin-harness.js';

const TOKEN = 'test-token-0123456789-0123456789-abcdef';
const CI_TOKEN = 'ci-token-0123456789-0123456789-abcdefgh';
const BASE = 'http://steward.test';
const CHANNEL = '/admin/channels/slack/T001/C0HR';

/** The admin API routes as the HTTP server mounts them, called with fetch-style requests. */
function setUp() {
  const harness = createAdminHarness();
  const routes = createAdminApiRoutes({
    useCases: harness.useCases,
    tokens: [
      { name: 'admin-api', secret: TOKEN },
      { name: 'ci-deploy', secret: CI_TOKEN },
    ],
    logger: harness.logger,
  });
  const call = async (
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
  ) => {
    const route = routes.find((candidate) => candidate.method === method);
    if (route === undefined) {
      throw new Error(`no route for ${method}`);
    }
    const headers: Record<string, string> = { ...init.headers };
    if (init.token !== null) {
      headers.authorization = `Bearer ${init.token ?? TOKEN}`;
    }
    const body =
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body);
    const response = await route.handle(
      new Request(`${BASE}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }),
    );
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  };
  return { ...harness, routes, call };
}

describe('the admin API', () => {
  it('is mounted below /admin for every method it serves', () => {
    const { routes } = setUp();
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /admin/*',
      'PUT /admin/*',
      'PATCH /admin/*',
      'DELETE /admin/*',
      'POST /admin/*',
    ]);
  });

  it('refuses a missing or wrong token, and logs the refusal without the token', async () => {
    const { call, logLines } = setUp();
    const missing = await call('GET', CHANNEL, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(missing.body).toMatchObject({
      error: 'UNAUTHORIZED',
      message: expect.stringMatching(/Authorization: Bearer/) as unknown,
    });

    const wrong = await call('GET', CHANNEL, { token: `${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'UNAUTHORIZED', message: 'The admin API token is not valid.' });
    expect(
      await call('GET', CHANNEL, { headers: { authorization: `Basic ${TOKEN}` }, token: null }),
    ).toMatchObject({ status: 401 });

    expect(
      logLines.filter((line) => line.msg === 'admin api request refused').map((line) => line.reason),
    ).toEqual(['missing', 'wrong', 'missing']);
    expect(JSON.stringify(logLines)).not.toContain(TOKEN);
  });

  it('reads, replaces, patches under If-Match and resets a channel', async () => {
    const { call } = setUp();
    const initial = await call('GET', CHANNEL);
    expect(initial).toMatchObject({
      status: 200,
      body: { configured: false, version: 0, settings: { enabled: true } },
    });
    expect(initial.headers.get('etag')).toBe('"0"');

    const replaced = await call('PUT', CHANNEL, {
      body: { replyMode: 'all', persona: 'Brief.' },
      headers: { 'if-match': '"0"' },
    });
    expect(replaced).toMatchObject({
      status: 200,
      body: { configured: true, version: 1, settings: { replyMode: 'all', persona: 'Brief.' } },
    });
    expect(replaced.headers.get('etag')).toBe('"1"');

    const patched = await call('PATCH', CHANNEL, {
      body: { persona: null, userMessagesPerMinute: 3 },
      headers: { 'if-match': '"1"' },
    });
    expect(patched).toMatchObject({
      status: 200,
      body: { version: 2, settings: { replyMode: 'all', userMessagesPerMinute: 3 } },
    });
    expect((patched.body?.settings as Record<string, unknown>).persona).toBeUndefined();

    const stale = await call('PATCH', CHANNEL, { body: { enabled: false }, headers: { 'if-match': '"1"' } });
    expect(stale).toMatchObject({ status: 412, body: { error: 'VERSION_CONFLICT', currentVersion: 2 } });

    expect(await call('DELETE', CHANNEL, { headers: { 'if-match': '"2"' } })).toMatchObject({
      status: 200,
      body: { configured: false },
    });
    expect(await call('DELETE', CHANNEL)).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
  });

  it('lists every invalid field and changes nothing', async () => {
    const { call, settings } = setUp();
    const response = await call('PUT', CHANNEL, {
      body: {
        replyMode: 'loud',
        retentionDays: -1,
        knowledge: { kind: 'bedrock', knowledgeBaseId: 'x' },
        extra: 1,
      },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      error: 'INVALID',
      message: 'Nothing was saved: the settings have 4 problems.',
    });
    expect((response.body?.fields as { path: string }[]).map((field) => field.path).sort()).toEqual([
      'extra',
      'knowledge.knowledgeBaseId',
      'replyMode',
      'retentionDays',
    ]);
    expect(await settings.get({ platform: 'slack', tenantId: 'T001', channelId: 'C0HR' })).toBeUndefined();
  });

  it('explains malformed requests', async () => {
    const { call } = setUp();
    expect(await call('PUT', CHANNEL, { body: '{"enabled": fal' })).toMatchObject({
      status: 400,
      body: { error: 'INVALID_JSON' },
    });
    expect(await call('PUT', CHANNEL, { body: '[1]' })).toMatchObject({
      status: 422,
      body: { fields: [{ path: '' }] },
    });
    expect(await call('PATCH', CHANNEL, { body: {}, headers: { 'if-match': 'yesterday' } })).toMatchObject({
      status: 422,
      body: { fields: [{ path: 'If-Match' }] },
    });
    expect(await call('GET', '/admin/channels/discord/T1/C1')).toMatchObject({
      status: 422,
      body: { fields: [{ path: 'platform' }] },
    });
    expect(await call('GET', '/admin/channels/slack/T1/%E0%A4%A')).toMatchObject({
      status: 400,
      body: { error: 'INVALID_PATH' },
    });
    expect(await call('POST', CHANNEL)).toMatchObject({ status: 405, body: { error: 'METHOD_NOT_ALLOWED' } });
    expect(await call('GET', '/admin/nothing-here')).toMatchObject({
      status: 404,
      body: { error: 'NOT_FOUND' },
    });
  });

  it('lists channels and reads the audit log with filters and paging, naming the token, not the name a caller claims', async () => {
    const { call, clock } = setUp();
    const claimsToBeSomeoneElse = { 'x-steward-actor': 'alice' };
    await call('PATCH', CHANNEL, {
      body: { enabled: false },
      headers: claimsToBeSomeoneElse,
      token: CI_TOKEN,
    });
    clock.advance(1_000);
    await call('PATCH', '/admin/channels/teams/tenant-1/19%3Ageneral', {
      body: { replyMode: 'all' },
      headers: claimsToBeSomeoneElse,
      token: CI_TOKEN,
    });

    const channels = await call('GET', '/admin/channels?limit=1');
    expect(channels.body).toMatchObject({
      items: [{ channel: { platform: 'slack', channelId: 'C0HR' }, configured: true }],
    });
    const next = await call('GET', `/admin/channels?cursor=${String(channels.body?.cursor)}`);
    expect(next.body).toMatchObject({ items: [{ channel: { platform: 'teams', channelId: '19:general' } }] });

    const firstPage = await call('GET', '/admin/audit?actionPrefix=settings.&limit=1');
    expect(firstPage.body).toMatchObject({
      records: [{ action: 'settings.changed', actor: { kind: 'admin-api', id: 'ci-deploy' } }],
    });
    const secondPage = await call(
      'GET',
      `/admin/audit?actionPrefix=settings.&limit=1&cursor=${String(firstPage.body?.cursor)}`,
    );
    expect(secondPage.body).toMatchObject({ records: [{ channel: { platform: 'teams' } }] });
    expect(secondPage.body?.cursor).toBeUndefined();

    const oneChannel = await call('GET', '/admin/audit?platform=slack&tenantId=T001&channelId=C0HR');
    expect((oneChannel.body?.records as unknown[]).length).toBe(1);
    const halfChannel = await call('GET', '/admin/audit?platform=slack&from=yesterday');
    expect(halfChannel).toMatchObject({ status: 422 });
    expect((halfChannel.body?.fields as { path: string }[]).map((field) => field.path).sort()).toEqual([
      'channelId',
      'from',
    ]);
  });

  it('adds, lists and removes admins', async () => {
    const { call } = setUp();
    expect(await call('PUT', '/admin/admins/slack%3AU0NEW')).toMatchObject({
      status: 201,
      body: { added: true },
    });
    expect(await call('PUT', '/admin/admins/slack:U0NEW')).toMatchObject({
      status: 200,
      body: { added: false },
    });
    expect(await call('GET', '/admin/admins')).toMatchObject({
      body: {
        configured: ['slack:U0ROOT'],
        added: [{ admin: 'slack:U0NEW', addedBy: { kind: 'admin-api', id: 'admin-api' } }],
      },
    });
    expect(await call('DELETE', '/admin/admins/slack:U0NEW')).toMatchObject({
      status: 200,
      body: { removed: true },
    });
    expect(await call('DELETE', '/admin/admins/slack:U0ROOT')).toMatchObject({
      status: 422,
      body: { error: 'INVALID' },
    });
    expect(await call('PUT', '/admin/admins/bob')).toMatchObject({
      status: 422,
      body: { fields: [{ path: 'admin' }] },
    });
  });

  it('serves its OpenAPI document without a token, every reference resolving', async () => {
    const { call } = setUp();
    const response = await call('GET', '/admin/openapi.json', { token: null });
    expect(response.status).toBe(200);
    const document = response.body as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/admin/admins',
      '/admin/admins/{admin}',
      '/admin/audit',
      '/admin/channels',
      '/admin/channels/{platform}/{tenantId}/{channelId}',
    ]);
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1] ?? '',
    );
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) {
      expect(document.components.schemas[ref], ref).toBeDefined();
    }
    const settings = document.components.schemas.ChannelSettings as { properties: Record<string, unknown> };
    expect(Object.keys(settings.properties)).toEqual(
      expect.arrayContaining(['enabled', 'access', 'userMessagesPerMinute', 'retentionDays']),
    );
  });
});
