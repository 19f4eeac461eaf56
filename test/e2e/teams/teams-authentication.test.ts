import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/free-port.js';
import { useTestTable } from '../../support/dynamodb.js';
import { OUTBOUND_TOKEN, TEST_APP_ID, TeamsHarness } from '../../support/teams/teams-harness.js';

const PERSONAL_CHAT = 'a:1Fq8ZrP3xT7vL2mN9kB4cW6yD0sH5jE8gA1uR3oI7pQ2wV9tX4nM6zC0bK5eY8';

describe('Teams request authentication (Bot Framework JWT) with an app id set', () => {
  const table = useTestTable('e2e-teams-auth');
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table, { authentication: true });
  });

  afterAll(async () => {
    await teams.stop();
  });

  it('accepts a token signed by the published key and answers with the app’s own token', async () => {
    const activity = teams.activity('personal-message', { text: 'How do I connect to the VPN?' });

    const response = await teams.post(activity);

    expect(response.status).toBe(200);
    await teams.connector.waitFor(() =>
      teams.connector.messagesIn(PERSONAL_CHAT).some((call) => call.activityId === activity.id),
    );
    const answer = teams.connector.messagesIn(PERSONAL_CHAT).find((call) => call.activityId === activity.id);
    expect(answer?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
  });

  it('refuses missing, expired, wrong-audience, wrong-issuer, wrong-service-URL and wrong-key tokens, and sends nothing', async () => {
    const keys = teams.keys!;
    const serviceUrl = teams.connector.serviceUrl;
    const cases: Record<string, string | null> = {
      missing: null,
      'not a bearer token': 'Basic c3Rld2FyZDpzdGV3YXJk',
      garbage: 'Bearer not.a.jwt',
      // Beyond the five minutes of clock skew the Bot Framework allows.
      expired: `Bearer ${await keys.token({ audience: TEST_APP_ID, serviceUrl, expiresIn: -600 })}`,
      'wrong audience': `Bearer ${await keys.token({ audience: '00000000-0000-0000-0000-000000000000', serviceUrl })}`,
      'wrong issuer': `Bearer ${await keys.token({ audience: TEST_APP_ID, serviceUrl, issuer: 'https://evil.example' })}`,
      'wrong service URL': `Bearer ${await keys.token({ audience: TEST_APP_ID, serviceUrl: 'https://smba.trafficmanager.net/emea/' })}`,
      'wrong key': `Bearer ${await keys.token({ audience: TEST_APP_ID, serviceUrl, signWith: 'impostor' })}`,
    };
    const refused: string[] = [];
    for (const [name, authorization] of Object.entries(cases)) {
      const activity = teams.activity('personal-message', { text: `refused: ${name}` });
      const response = await teams.post(activity, authorization);
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
      expect(await response.json()).toEqual({ error: 'UNAUTHORIZED', message: 'Request is not authorized.' });
      refused.push(activity.id as string);
    }
    expect(teams.logged('teams request refused').map((line) => line.activityId)).toEqual(refused);

    // Refused requests never reach the bot: after a genuine message is answered, nothing else was sent.
    const genuine = teams.activity('personal-message', { text: 'How do I reset my password?' });
    await teams.post(genuine);
    await teams.connector.waitFor(() =>
      teams.connector.messagesIn(PERSONAL_CHAT).some((call) => call.activityId === genuine.id),
    );
    const mentionsRefused = teams.connector.calls.filter(
      (call) => refused.includes(call.activityId ?? '') || JSON.stringify(call.body).includes('refused: '),
    );
    expect(mentionsRefused).toEqual([]);
    const stored = JSON.stringify(
      await teams.service.storage.store.load({
        platform: 'teams',
        tenantId: (genuine.conversation as { tenantId: string }).tenantId,
        channelId: PERSONAL_CHAT,
        threadId: PERSONAL_CHAT,
      }),
    );
    expect(stored).not.toContain('refused: ');
  });

  it('refuses activities of another tenant, as the bot is single-tenant, and sends nothing', async () => {
    const otherTenant = '9e8d7c6b-5a49-4382-b716-0f1e2d3c4b5a';
    const foreign = teams.activity('personal-message', {
      text: 'refused: other tenant',
      tenantId: otherTenant,
    });
    const mixed = teams.activity('personal-message', { text: 'refused: other tenant in channelData' });
    mixed.channelData = { tenant: { id: otherTenant } };
    const click = teams.activity('adaptive-card-action', { replyToId: '1', tenantId: otherTenant });
    (click.value as { action: Record<string, unknown> }).action.data = { turnId: 'any', rating: 'up' };

    for (const activity of [foreign, mixed, click]) {
      const response = await teams.post(activity);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'FOREIGN_TENANT' });
    }
    expect(teams.logged('teams activity from another tenant refused').map((line) => line.activityId)).toEqual(
      [foreign.id, mixed.id, click.id],
    );

    const genuine = teams.activity('personal-message', { text: 'How do I connect to the VPN?' });
    expect((await teams.post(genuine)).status).toBe(200);
    await teams.connector.waitFor(() =>
      teams.connector.messagesIn(PERSONAL_CHAT).some((call) => call.activityId === genuine.id),
    );
    const refusedIds = [foreign.id, mixed.id, click.id];
    expect(
      teams.connector.calls.filter(
        (call) => refusedIds.includes(call.activityId) || JSON.stringify(call.body).includes('other tenant'),
      ),
    ).toEqual([]);
  });

  it('refuses a card action without a valid token, leaving the turn unrated', async () => {
    const invoke = teams.activity('adaptive-card-action', { replyToId: '1' });
    (invoke.value as { action: Record<string, unknown> }).action.data = { turnId: 'any', rating: 'up' };
    const response = await teams.post(invoke, null);
    expect(response.status).toBe(401);
  });
});

describe('Teams request authentication when the signing keys cannot be fetched', () => {
  const table = useTestTable('e2e-teams-keys-down');
  let teams: TeamsHarness;

  beforeAll(async () => {
    // Nothing listens on a port just freed: the key service refuses every connection.
    const deadKeys = `http://127.0.0.1:${await freePort()}/v1/.well-known/openidconfiguration`;
    teams = await TeamsHarness.start(table, {
      authentication: true,
      env: { MICROSOFT_OPENID_METADATA_URL: deadKeys },
    });
  });

  afterAll(async () => {
    await teams.stop();
  });

  it('answers 503, not 401, logs why, and runs nothing', async () => {
    const activity = teams.activity('personal-message', { text: 'How do I connect to the VPN?' });

    const response = await teams.post(activity);

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'AUTHENTICATION_UNAVAILABLE' });
    expect(teams.logged('teams signing keys unavailable').map((line) => line.activityId)).toEqual([
      activity.id,
    ]);
    await teams.service.teams?.stop();
    expect(teams.connector.calls).toEqual([]);
  });
});
