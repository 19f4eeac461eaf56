import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StewardError } from '../../../src/errors.js';
import { useTestTable } from '../../support/dynamodb.js';
import { cardOf } from '../../support/teams/card-reading.js';
import { newActivityId } from '../../support/teams/teams-fixtures.js';
import { TEST_TENANT_ID, TeamsHarness } from '../../support/teams/teams-harness.js';

const CHANNEL = '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2';
const PERSONAL_CHAT = 'a:1Fq8ZrP3xT7vL2mN9kB4cW6yD0sH5jE8gA1uR3oI7pQ2wV9tX4nM6zC0bK5eY8';
const GROUP_CHAT = '19:meeting_OWE4YjQ5ZTktNjU0Mi00ZGI5LWE2NTgtZWMxNTA4NTk0ZmVj@thread.v2';
const ANN = '29:1lXq2f7gZp0yE3vJ8mKXcR5tW9bN4hD6sA0uI2oP7yQkVb3CzT8nM1eF5gH9jL4';

describe('Teams conversations through /api/messages', () => {
  const table = useTestTable('e2e-teams');
  let teams: TeamsHarness;

  beforeAll(async () => {
    teams = await TeamsHarness.start(table);
  });

  afterAll(async () => {
    await teams.stop();
  });

  const thread = (root: string) => `${CHANNEL};messageid=${root}`;

  it('answers a personal chat message with a cited card, after acknowledging at once', async () => {
    const activity = teams.activity('personal-message', { text: 'How do I connect to the VPN?' });

    const response = await teams.post(activity);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    await teams.connector.waitFor(() => teams.connector.messagesIn(PERSONAL_CHAT).length === 1);
    const [answer] = teams.connector.messagesIn(PERSONAL_CHAT);
    expect(answer?.kind).toBe('reply');
    expect(answer?.activityId).toBe(activity.id);
    const card = cardOf(answer?.body);
    expect(card.body[0]?.text).toMatch(/GlobalProtect/);
    expect(card.body.some((block) => block.text === 'Sources')).toBe(true);
    expect(card.body.some((block) => block.text?.includes('VPN and remote access'))).toBe(true);
    const feedback = card.body.find((block) => block.type === 'ActionSet');
    expect(feedback?.actions?.map((action) => [action.type, action.verb, action.data?.rating])).toEqual([
      ['Action.Execute', 'steward.feedback', 'up'],
      ['Action.Execute', 'steward.feedback', 'down'],
    ]);
    // "Typing…" went out before the answer.
    const typing = teams.connector.calls.findIndex(
      (call) => call.body.type === 'typing' && call.conversationId === PERSONAL_CHAT,
    );
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(teams.connector.calls.indexOf(answer!));
    const stored = await teams.service.storage.store.load({
      platform: 'teams',
      tenantId: TEST_TENANT_ID,
      channelId: PERSONAL_CHAT,
      threadId: PERSONAL_CHAT,
    });
    expect(stored.turns.map((turn) => [turn.question, turn.author.id])).toEqual([
      ['How do I connect to the VPN?', ANN],
    ]);
  });

  it('answers a channel mention inside its thread, with the mention taken out of the question', async () => {
    const root = newActivityId();
    const reply = newActivityId();
    const activity = teams.activity('channel-mention', {
      text: 'How do I connect to the VPN?',
      threadRootId: root,
      activityId: reply,
    });

    expect((await teams.post(activity)).status).toBe(200);

    await teams.connector.waitFor(() => teams.connector.messagesIn(thread(root)).length === 1);
    expect(teams.connector.messagesIn(thread(root))[0]?.activityId).toBe(reply);
    const stored = await teams.service.storage.store.load({
      platform: 'teams',
      tenantId: TEST_TENANT_ID,
      channelId: CHANNEL,
      threadId: root,
    });
    expect(stored.turns.map((turn) => turn.question)).toEqual(['How do I connect to the VPN?']);
  });

  it('keeps a new channel post and its follow-ups in one conversation: the post is the thread root', async () => {
    const root = newActivityId();
    await teams.post(
      teams.activity('channel-mention', { text: 'How do I connect to the VPN?', activityId: root }),
    );
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread(root)).length === 1);
    await teams.post(
      teams.activity('channel-mention', { text: 'What if it does not connect?', threadRootId: root }),
    );
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread(root)).length === 2);

    const stored = await teams.service.storage.store.load({
      platform: 'teams',
      tenantId: TEST_TENANT_ID,
      channelId: CHANNEL,
      threadId: root,
    });
    expect(stored.turns.map((turn) => turn.question)).toEqual([
      'How do I connect to the VPN?',
      'What if it does not connect?',
    ]);
  });

  it('answers a mention in a group chat in that chat', async () => {
    const activity = teams.activity('group-chat-mention', { text: 'Who do I tell about a phishing email?' });
    await teams.post(activity);
    await teams.connector.waitFor(() => teams.connector.messagesIn(GROUP_CHAT).length === 1);
    expect(teams.connector.messagesIn(GROUP_CHAT)[0]?.activityId).toBe(activity.id);
  });

  it('stays silent in a channel when not mentioned, and says so in the log', async () => {
    const root = newActivityId();
    const activity = teams.activity('channel-message-without-mention', {
      text: 'Lunch at noon?',
      threadRootId: root,
    });

    expect((await teams.post(activity)).status).toBe(200);

    expect(teams.logged('teams message ignored').some((line) => line.activityId === activity.id)).toBe(true);
    // A later message in the same thread is the only thing answered there.
    await teams.post(
      teams.activity('channel-mention', { text: 'How do I connect to the VPN?', threadRootId: root }),
    );
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread(root)).length === 1);
    expect(teams.connector.calls.filter((call) => call.activityId === activity.id)).toEqual([]);
  });

  it('answers a redelivered activity once', async () => {
    const activity = teams.activity('group-chat-mention', { text: 'How do I reset my password?' });
    const other = teams.activity('group-chat-mention', { text: 'How do I connect to the VPN?' });
    await teams.post(activity);
    await teams.post(activity);
    await teams.post(other);

    const answered = (id: unknown) => () =>
      teams.connector.messagesIn(GROUP_CHAT).some((call) => call.activityId === id);
    await teams.connector.waitFor(answered(activity.id));
    await teams.connector.waitFor(answered(other.id));
    // Every answer in flight has finished, the redelivery's included.
    await teams.service.teams?.stop();

    // The redelivery names the same answer job as the first delivery: the core handles it once.
    expect(teams.logged('message handled').filter((line) => line.eventId === activity.id)).toHaveLength(1);
    expect(
      teams.connector.messagesIn(GROUP_CHAT).filter((call) => call.activityId === activity.id),
    ).toHaveLength(1);
  });

  it('understands help and forget typed as messages, the bot mention aside', async () => {
    const root = newActivityId();
    await teams.post(
      teams.activity('channel-mention', { text: 'How do I connect to the VPN?', activityId: root }),
    );
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread(root)).length === 1);

    await teams.post(teams.activity('channel-mention', { text: 'help', threadRootId: root }));
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread(root)).length === 2);
    const help = teams.connector.messagesIn(thread(root))[1]?.body;
    expect(help?.text).toMatch(/\*\*help\*\*: Show what I can do/);
    expect(help?.text).toMatch(/\*\*forget\*\*: Delete what I remember/);
    expect(help?.textFormat).toBe('markdown');

    await teams.post(teams.activity('channel-mention', { text: 'Forget this thread.', threadRootId: root }));
    await teams.connector.waitFor(() => teams.connector.messagesIn(thread(root)).length === 3);
    expect(teams.connector.messagesIn(thread(root))[2]?.body.text).toMatch(
      /I have forgotten this conversation/,
    );
    const stored = await teams.service.storage.store.load({
      platform: 'teams',
      tenantId: TEST_TENANT_ID,
      channelId: CHANNEL,
      threadId: root,
    });
    expect(stored).toEqual({ summary: '', turns: [], version: 0 });
  });

  it('greets a person who installs the bot and can then reach them proactively', async () => {
    const install = teams.activity('personal-install');
    const chat = (install.conversation as { id: string }).id;

    expect((await teams.post(install)).status).toBe(200);

    await teams.connector.waitFor(() => teams.connector.messagesIn(chat).length === 1);
    expect(teams.connector.messagesIn(chat)[0]?.body.text).toMatch(
      /I answer questions from your organisation’s knowledge base/,
    );
    await teams.service.teams?.messenger.post(
      { platform: 'teams', tenantId: TEST_TENANT_ID, channelId: chat },
      { text: 'Your request was approved.' },
    );
    expect(teams.connector.messagesIn(chat)[1]?.body.text).toBe('Your request was approved.');
  });

  describe('proactive messages', () => {
    it('follows up in a thread it answered, posts new channel threads and updates what it posted', async () => {
      const root = newActivityId();
      await teams.post(
        teams.activity('channel-mention', { text: 'How do I connect to the VPN?', activityId: root }),
      );
      await teams.connector.waitFor(() => teams.connector.messagesIn(thread(root)).length === 1);
      const messenger = teams.service.teams!.messenger;

      const followUp = await messenger.post(
        { platform: 'teams', tenantId: TEST_TENANT_ID, channelId: CHANNEL, threadId: root },
        {
          text: 'A longer answer is ready [1].',
          citations: [
            {
              index: 1,
              source: 'vpn.md',
              title: 'VPN',
              snippet: 'Open GlobalProtect.',
              score: 1,
              url: 'https://intranet.example/vpn',
            },
          ],
        },
      );
      const sent = teams.connector.messagesIn(thread(root))[1];
      expect(sent?.kind).toBe('send');
      expect(
        cardOf(sent?.body).body.some((block) => block.text === '1. [VPN](https://intranet.example/vpn)'),
      ).toBe(true);
      expect(followUp).toEqual({
        address: { platform: 'teams', tenantId: TEST_TENANT_ID, channelId: CHANNEL, threadId: root },
        messageId: sent?.responseId,
        // Opens the message in Teams: the channel, the message and its thread's root.
        permalink: `https://teams.microsoft.com/l/message/${encodeURIComponent(CHANNEL)}/${sent?.responseId}?tenantId=${TEST_TENANT_ID}&parentMessageId=${root}`,
      });

      const post = await messenger.post(
        { platform: 'teams', tenantId: TEST_TENANT_ID, channelId: CHANNEL },
        { text: 'Approval needed' },
      );
      expect(teams.connector.messagesIn(CHANNEL).map((call) => call.body.text)).toEqual(['Approval needed']);

      await messenger.update(post, { text: 'Approved by Bo' });
      const update = teams.connector.calls.at(-1);
      expect(update).toMatchObject({ kind: 'update', conversationId: CHANNEL, activityId: post.messageId });
      expect(update?.body).toMatchObject({ type: 'message', text: 'Approved by Bo', id: post.messageId });
    });

    it('writes privately through the person’s personal chat, opening it once', async () => {
      const root = newActivityId();
      await teams.post(
        teams.activity('channel-mention', { text: 'How do I connect to the VPN?', activityId: root }),
      );
      await teams.connector.waitFor(() => teams.connector.messagesIn(thread(root)).length === 1);
      const messenger = teams.service.teams!.messenger;
      const bo = '29:1pR7kD2wQ9xL4mB8vT3nC6zF0yH5sJ1gE7uA2oK9iW4';
      const address = {
        platform: 'teams' as const,
        tenantId: TEST_TENANT_ID,
        channelId: CHANNEL,
        threadId: root,
      };

      await messenger.postPrivate(address, bo, { text: 'Only you can see this.' });
      await messenger.postPrivate(address, bo, { text: 'And this.' });

      const created = teams.connector.calls.filter((call) => call.kind === 'createConversation');
      expect(created).toHaveLength(1);
      expect(created[0]?.body).toMatchObject({
        isGroup: false,
        members: [{ id: bo }],
        tenantId: TEST_TENANT_ID,
      });
      const personal = created[0]!.responseId;
      expect(teams.connector.messagesIn(personal).map((call) => call.body.text)).toEqual([
        'Only you can see this.',
        'And this.',
      ]);
    });

    it('refuses to post where it was never installed or spoken to', async () => {
      const messenger = teams.service.teams!.messenger;
      await expect(
        messenger.post(
          { platform: 'teams', tenantId: TEST_TENANT_ID, channelId: '19:unknown@thread.tacv2' },
          { text: 'hello' },
        ),
      ).rejects.toSatisfy((error) => error instanceof StewardError && error.code === 'NOT_FOUND');
    });
  });
});
