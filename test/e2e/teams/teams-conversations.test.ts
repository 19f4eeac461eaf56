import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { TEST_TENANT_ID, TeamsHarness } from '../../support/teams/teams-harness.js';

const CHANNEL = '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2';
const PERSONAL_CHAT = 'a:1Fq8ZrP3xT7vL2mN9kB4cW6yD0sH5jE8gA1uR3oI7pQ2wV9tX4nM6zC0bK5eY8';

interface CardBlock {
  readonly type: string;
  readonly text?: string;
  readonly actions?: ReadonlyArray<{ readonly type: string; readonly verb?: string; readonly data?: Record<string, unknown> }>;
}

function cardOf(body: Record<string, unknown>): { body: CardBlock[] } {
  const attachments = body.attachments as Array<{ contentType: string; content: { body: CardBlock[] } }> | undefined;
  const card = attachments?.find((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive');
  if (card === undefined) {
    throw new Error(`no adaptive card in ${JSON.stringify(body)}`);
  }
  return card.content;
}

describe('Teams conversations through /api/messages', () => {
  const table = useTestTable('e2e-teams');
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table);
  });

  afterAll(async () => {
    await teams.stop();
  });

  it('answers a personal chat message with a cited card, after acknowledging at once', async () => {
    const activity = teams.activity('personal-message', { text: 'How do I connect to the VPN?' });

    const response = await teams.post(activity);

    expect(response.status).toBe(200);
    await teams.connector.waitFor(() => teams.connector.messagesIn(PERSONAL_CHAT).length === 1);
    const [answer] = teams.connector.messagesIn(PERSONAL_CHAT);
    expect(answer?.kind).toBe('reply');
    expect(answer?.activityId).toBe(activity.id);
    const card = cardOf(answer?.body ?? {});
    expect(card.body[0]?.text).toMatch(/GlobalProtect/);
    expect(card.body.some((block) => block.text === 'Sources')).toBe(true);
    expect(card.body.some((block) => block.text?.includes('VPN and remote access'))).toBe(true);
    const feedback = card.body.find((block) => block.type === 'ActionSet');
    expect(feedback?.actions?.map((action) => [action.verb, action.data?.rating])).toEqual([
      ['steward.feedback', 'up'],
      ['steward.feedback', 'down'],
    ]);
    // "Typing…" went out before the answer.
    const typing = teams.connector.calls.findIndex((call) => call.body.type === 'typing' && call.conversationId === PERSONAL_CHAT);
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(teams.connector.calls.indexOf(answer!));
    const stored = await teams.service.storage.store.load({
      platform: 'teams',
      tenantId: TEST_TENANT_ID,
      channelId: PERSONAL_CHAT,
      threadId: PERSONAL_CHAT,
    });
    expect(stored.turns.map((turn) => turn.question)).toEqual(['How do I connect to the VPN?']);
  });

  it('answers a channel mention inside the thread, without the mention in the question', async () => {
    const root = '1730000000042';
    const activity = teams.activity('channel-mention', { text: 'How do I connect to the VPN?', threadRootId: root, activityId: '1730000000077' });

    expect((await teams.post(activity)).status).toBe(200);

    const thread = `${CHANNEL};messageid=${root}`;
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread).length === 1);
    expect(teams.connector.messagesIn(thread)[0]?.activityId).toBe('1730000000077');
    const stored = await teams.service.storage.store.load({ platform: 'teams', tenantId: TEST_TENANT_ID, channelId: CHANNEL, threadId: root });
    expect(stored.turns.map((turn) => turn.question)).toEqual(['How do I connect to the VPN?']);
  });
});
