import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey } from '../../../src/conversation/conversation-key.js';
import type { ConversationRef } from '../../../src/conversation/types.js';
import { useTestTable } from '../../support/dynamodb.js';
import { cardOf, feedbackData, visibleText } from '../../support/teams/card-reading.js';
import { newActivityId } from '../../support/teams/teams-fixtures.js';
import { TEST_TENANT_ID, TeamsHarness } from '../../support/teams/teams-harness.js';

const CHANNEL = '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2';
const ANN = '29:1lXq2f7gZp0yE3vJ8mKXcR5tW9bN4hD6sA0uI2oP7yQkVb3CzT8nM1eF5gH9jL4';

interface InvokeBody {
  readonly statusCode: number;
  readonly type: string;
  readonly value: unknown;
}

describe('Teams card actions (Action.Execute) through /api/messages', () => {
  const table = useTestTable('e2e-teams-cards');
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table);
  });

  afterAll(async () => {
    await teams.stop();
  });

  /** Asks in a new channel thread and returns the answer message the bot posted there. */
  async function askInNewThread(question: string) {
    const root = newActivityId();
    await teams.post(teams.activity('channel-mention', { text: question, activityId: root }));
    const conversation = `${CHANNEL};messageid=${root}`;
    await teams.connector.waitFor(() => teams.connector.messagesIn(conversation).length === 1);
    const answer = teams.connector.messagesIn(conversation)[0]!;
    const ref: ConversationRef = {
      platform: 'teams',
      tenantId: TEST_TENANT_ID,
      channelId: CHANNEL,
      threadId: root,
    };
    return { root, answer, ref };
  }

  async function click(root: string, answerId: string, data: unknown, verb = 'steward.feedback') {
    const invoke = teams.activity('adaptive-card-action', { threadRootId: root, replyToId: answerId });
    (invoke.value as { action: Record<string, unknown> }).action.data = data;
    (invoke.value as { action: Record<string, unknown> }).action.verb = verb;
    const response = await teams.post(invoke);
    return { status: response.status, body: (await response.json()) as InvokeBody };
  }

  /** The turn items of a conversation, read straight from the table. */
  async function turnItems(ref: ConversationRef) {
    const result = await table.clients.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :turn)',
        ExpressionAttributeValues: { ':pk': `CONV#${conversationKey(ref)}`, ':turn': 'TURN#' },
      }),
    );
    return result.Items ?? [];
  }

  it('stores 👍 with the turn and answers with the refreshed card', async () => {
    const { root, answer, ref } = await askInNewThread('How do I connect to the VPN?');

    const { status, body } = await click(root, answer.responseId, feedbackData(answer.body, 'up'));

    expect(status).toBe(200);
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const refreshed = cardOf({ attachments: [{ contentType: body.type, content: body.value }] });
    expect(refreshed.body.map((block) => block.text)).toContain('You rated this answer 👍. Thank you!');
    expect(refreshed.body[0]?.text).toBe(cardOf(answer.body).body[0]?.text);
    const items = await turnItems(ref);
    expect(items).toHaveLength(1);
    expect(items[0]?.feedback).toEqual({ rating: 'up', by: ANN, at: expect.any(String) as unknown });
  });

  it('lets the person change their mind', async () => {
    const { root, answer, ref } = await askInNewThread('How do I connect to the VPN?');
    await click(root, answer.responseId, feedbackData(answer.body, 'up'));

    const { body } = await click(root, answer.responseId, feedbackData(answer.body, 'down'));

    expect(JSON.stringify(body.value)).toContain('You rated this answer 👎');
    expect((await turnItems(ref))[0]?.feedback).toMatchObject({ rating: 'down' });
  });

  describe('refuses tampered or forged actions, with a log line, changing nothing', () => {
    it('a made-up rating', async () => {
      const { root, answer, ref } = await askInNewThread('How do I connect to the VPN?');
      const forged = { ...feedbackData(answer.body, 'up'), rating: 'excellent' };

      const { status, body } = await click(root, answer.responseId, forged);

      expect(status).toBe(200);
      expect(body).toMatchObject({
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest' },
      });
      expect(teams.logged('teams card action rejected').at(-1)).toMatchObject({
        reason: 'malformed feedback data',
      });
      expect((await turnItems(ref))[0]?.feedback).toBeUndefined();
    });

    it('a turn id that is not in this conversation', async () => {
      const elsewhere = await askInNewThread('How do I connect to the VPN?');
      const here = await askInNewThread('Who do I tell about a phishing email?');
      // Point this thread's button at the other thread's turn.
      const forged = {
        ...feedbackData(here.answer.body, 'down'),
        turnId: feedbackData(elsewhere.answer.body, 'down').turnId,
        threadId: here.root,
      };

      const { body } = await click(here.root, here.answer.responseId, forged);

      expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
      expect(teams.logged('teams card action rejected').at(-1)).toMatchObject({ reason: 'UNKNOWN_TURN' });
      expect((await turnItems(elsewhere.ref))[0]?.feedback).toBeUndefined();
      expect((await turnItems(here.ref))[0]?.feedback).toBeUndefined();
    });

    it('an unknown verb and a value that is not an Action.Execute', async () => {
      const { root, answer, ref } = await askInNewThread('How do I connect to the VPN?');

      const unknownVerb = await click(
        root,
        answer.responseId,
        feedbackData(answer.body, 'up'),
        'steward.deleteEverything',
      );
      const invoke = teams.activity('adaptive-card-action', {
        threadRootId: root,
        replyToId: answer.responseId,
      });
      invoke.value = { action: { type: 'Action.Submit', data: feedbackData(answer.body, 'up') } };
      const malformed = await teams.post(invoke);

      expect(unknownVerb.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
      expect(teams.logged('teams card action rejected').some((line) => line.reason === 'unknown verb')).toBe(
        true,
      );
      expect(await malformed.json()).toMatchObject({ statusCode: 400 });
      expect(teams.logged('teams card action rejected').at(-1)).toMatchObject({
        reason: 'malformed invoke value',
      });
      expect((await turnItems(ref))[0]?.feedback).toBeUndefined();
    });
  });

  it('keeps answering after refusing actions', async () => {
    const { answer } = await askInNewThread('How do I connect to the VPN?');
    expect(visibleText(answer.body)).toMatch(/GlobalProtect/);
  });
});
