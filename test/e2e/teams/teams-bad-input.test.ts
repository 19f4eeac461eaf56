import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { visibleText } from '../../support/teams/card-reading.js';
import { TeamsHarness } from '../../support/teams/teams-harness.js';

const PERSONAL_CHAT = 'a:1Fq8ZrP3xT7vL2mN9kB4cW6yD0sH5jE8gA1uR3oI7pQ2wV9tX4nM6zC0bK5eY8';

describe('Teams bad input: refused or ignored with a log line, and the service keeps serving', () => {
  const table = useTestTable('e2e-teams-bad');
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table, { env: { MAX_MESSAGE_CHARS: '500' } });
  });

  afterAll(async () => {
    await teams.stop();
  });

  async function expectStillAnswering(): Promise<void> {
    const activity = teams.activity('personal-message', { text: 'How do I connect to the VPN?' });
    expect((await teams.post(activity)).status).toBe(200);
    await teams.connector.waitFor(() =>
      teams.connector.messagesIn(PERSONAL_CHAT).some((call) => call.activityId === activity.id),
    );
  }

  it('rejects a body that is not JSON', async () => {
    const response = await teams.post('{"type": "message", ');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'INVALID_ACTIVITY' });
    expect(teams.logged('teams request rejected').at(-1)).toMatchObject({ reason: 'The body is not JSON.' });
  });

  it('rejects JSON that is not an activity, naming the fields but never their values', async () => {
    const activity = teams.activity('personal-message', { text: 'secret question' });
    delete activity.serviceUrl;
    (activity.conversation as Record<string, unknown>).id = '';

    const response = await teams.post(activity);

    expect(response.status).toBe(400);
    const line = teams.logged('teams request rejected').at(-1);
    expect(line?.problems).toEqual([
      expect.stringMatching(/^serviceUrl:/),
      expect.stringMatching(/^conversation\.id:/),
    ]);
    expect(JSON.stringify(line)).not.toContain('secret question');
    await expectStillAnswering();
  });

  it('ignores activity types it has no use for', async () => {
    const reaction = teams.activity('message-reaction');
    const novel = {
      ...teams.activity('personal-message', { text: 'x' }),
      type: 'somethingTeamsInventsLater',
    };

    expect((await teams.post(reaction)).status).toBe(200);
    expect((await teams.post(novel)).status).toBe(200);

    expect(teams.logged('teams activity ignored').map((line) => line.type)).toEqual([
      'messageReaction',
      'somethingTeamsInventsLater',
    ]);
    const invoke = {
      ...teams.activity('personal-message', { text: 'x' }),
      type: 'invoke',
      name: 'task/fetch',
    };
    expect((await teams.post(invoke)).status).toBe(501);
    expect(teams.logged('teams invoke ignored').at(-1)).toMatchObject({ name: 'task/fetch' });
    await expectStillAnswering();
  });

  it('answers an over-long message with a clear refusal and its reference id', async () => {
    const activity = teams.activity('personal-message', { text: 'Why? '.repeat(200) });

    await teams.post(activity);

    await teams.connector.waitFor(() =>
      teams.connector.messagesIn(PERSONAL_CHAT).some((call) => call.activityId === activity.id),
    );
    const reply = teams.connector.messagesIn(PERSONAL_CHAT).find((call) => call.activityId === activity.id);
    expect(visibleText(reply?.body)).toMatch(
      /Your message is 999 characters long; I can take up to 500\.[\s\S]*Reference: [0-9a-f]{8}/,
    );
    expect(teams.logged('message refused').at(-1)).toMatchObject({ code: 'MESSAGE_TOO_LONG' });
  });

  it('refuses a body over the size limit before reading it', async () => {
    const response = await teams.post(
      teams.activity('personal-message', { text: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect(response.status).toBe(413);
    await expectStillAnswering();
  });

  it('tells the person, with a reference id, when Teams refuses the answer', async () => {
    teams.connector.failNext(413, 1, { messagesOnly: true });
    const activity = teams.activity('personal-message', { text: 'How do I connect to the VPN?' });

    await teams.post(activity);

    await teams.connector.waitFor(() =>
      teams.connector.messagesIn(PERSONAL_CHAT).some((call) => call.activityId === activity.id),
    );
    const notice = teams.connector.messagesIn(PERSONAL_CHAT).find((call) => call.activityId === activity.id);
    const failure = teams.logged('teams reply not delivered').at(-1);
    expect(failure).toMatchObject({
      reply: 'answer',
      err: { message: expect.stringContaining('HTTP 413') as unknown },
    });
    expect(notice?.body.text).toBe(
      `I have an answer for you, but Teams would not display it. Please try again.\n\nReference: ${String(failure?.referenceId)}`,
    );
    await expectStillAnswering();
  });

  it('retries when Teams throttles the bot, so the answer still arrives once', async () => {
    teams.connector.failNext(429, 2, { messagesOnly: true });
    const failedBefore = teams.connector.failedCalls;
    const activity = teams.activity('personal-message', { text: 'How do I connect to the VPN?' });

    await teams.post(activity);

    await teams.connector.waitFor(() =>
      teams.connector.messagesIn(PERSONAL_CHAT).some((call) => call.activityId === activity.id),
    );
    await teams.service.teams?.stop();
    expect(teams.connector.failedCalls - failedBefore).toBe(2);
    const answers = teams.connector
      .messagesIn(PERSONAL_CHAT)
      .filter((call) => call.activityId === activity.id);
    expect(answers).toHaveLength(1);
    expect(visibleText(answers[0]?.body)).toMatch(/GlobalProtect/);
  });
});
