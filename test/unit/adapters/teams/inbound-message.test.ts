import { describe, expect, it } from 'vitest';
import { inboundActivitySchema } from '../../../../adapters/teams/activity-schema.js';
import { questionText, readMessage } from '../../../../adapters/teams/inbound-message.js';
import { teamsConversationOf } from '../../../../adapters/teams/teams-conversation.js';
import { teamsActivity, type TeamsFixture } from '../../../support/teams/teams-fixtures.js';

const BOT = '6f1c2b9e-3d4a-4c5b-8e7f-1a2b3c4d5e6f';
const TENANT = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const CHANNEL = '19:7c2e8d1a94b34f6e8a5b0c9d2e1f4a7b@thread.tacv2';
const RECEIVED = new Date('2026-11-03T10:15:27.112Z');

function activity(
  name: TeamsFixture,
  values: { text?: string; activityId?: string; threadRootId?: string } = {},
) {
  return inboundActivitySchema.parse(
    teamsActivity(name, {
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      botAppId: BOT,
      tenantId: TENANT,
      ...values,
    }),
  );
}

describe('reading Teams messages', () => {
  it('maps a personal chat to one conversation per chat, with the Teams user as author', () => {
    const reading = readMessage(
      activity('personal-message', { text: 'How do I connect to the VPN?', activityId: '1730000000001' }),
      RECEIVED,
    );
    const chat = 'a:1Fq8ZrP3xT7vL2mN9kB4cW6yD0sH5jE8gA1uR3oI7pQ2wV9tX4nM6zC0bK5eY8';
    expect(reading).toEqual({
      kind: 'message',
      addressed: true,
      conversation: {
        scope: 'personal',
        ref: { platform: 'teams', tenantId: TENANT, channelId: chat, threadId: chat },
        conversationId: chat,
        baseConversationId: chat,
      },
      message: {
        ref: { platform: 'teams', tenantId: TENANT, channelId: chat, threadId: chat },
        author: {
          id: '29:1lXq2f7gZp0yE3vJ8mKXcR5tW9bN4hD6sA0uI2oP7yQkVb3CzT8nM1eF5gH9jL4',
          name: 'Ann Example',
          directoryId: '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61',
        },
        text: 'How do I connect to the VPN?',
        eventId: '1730000000001',
        receivedAt: RECEIVED,
        // What is asked in a personal chat is shown in reports to the asker only.
        privateConversation: true,
      },
    });
  });

  it('makes a channel thread one conversation, keyed by the root id in the conversation id', () => {
    const reading = readMessage(
      activity('channel-mention', {
        text: 'and on my phone?',
        activityId: '1730000000009',
        threadRootId: '1730000000001',
      }),
      RECEIVED,
    );
    expect(reading.kind === 'message' && reading.conversation).toEqual({
      scope: 'channel',
      ref: { platform: 'teams', tenantId: TENANT, channelId: CHANNEL, threadId: '1730000000001' },
      conversationId: `${CHANNEL};messageid=1730000000001`,
      baseConversationId: CHANNEL,
    });
    expect(reading.kind === 'message' && reading.message.text).toBe('and on my phone?');
  });

  it('treats a channel message without a thread marker as the root of its own thread', () => {
    const raw = activity('channel-mention', { text: 'hi', activityId: '1730000000005' });
    const conversation = teamsConversationOf({ ...raw, conversation: { ...raw.conversation, id: CHANNEL } });
    expect(conversation.ref.threadId).toBe('1730000000005');
    expect(conversation.conversationId).toBe(`${CHANNEL};messageid=1730000000005`);
  });

  it('marks channel messages without a mention as not addressed, and ignores those without text', () => {
    // Teams delivers these only with the message-read permission; the reply mode decides.
    expect(
      readMessage(activity('channel-message-without-mention', { text: 'how do I book a desk?' }), RECEIVED),
    ).toMatchObject({
      kind: 'message',
      addressed: false,
      message: { text: 'how do I book a desk?', overheard: true },
    });
    expect(readMessage(activity('channel-message-without-mention', { text: ' ' }), RECEIVED)).toEqual({
      kind: 'ignored',
      reason: 'channel message without text or a mention of the bot',
    });
    const mention = readMessage(activity('channel-mention', { text: 'hi' }), RECEIVED);
    expect(mention).toMatchObject({ addressed: true });
    expect(mention.kind === 'message' && mention.message.overheard).toBeUndefined();
  });

  it('believes the Entra object id only from Teams itself', () => {
    const raw = activity('personal-message', { text: 'hi' });
    const fromTeams = readMessage(raw, RECEIVED);
    const fromWebChat = readMessage({ ...raw, channelId: 'webchat' }, RECEIVED);
    expect(fromTeams.kind === 'message' && fromTeams.message.author.directoryId).toBe(
      '4f0c6a52-9d3e-4b7a-8e1f-2c5d7a9b3e61',
    );
    expect(fromWebChat.kind === 'message' && fromWebChat.message.author).not.toHaveProperty('directoryId');
  });

  it('ignores the bot’s own messages', () => {
    const own = activity('personal-message', { text: 'echo' });
    expect(readMessage({ ...own, from: own.recipient }, RECEIVED)).toMatchObject({
      kind: 'ignored',
      reason: 'message from the bot itself',
    });
  });

  it('uses the channel id as tenant for channels without one (Emulator, Web Chat)', () => {
    const raw = activity('personal-message', { text: 'hi' });
    const emulator = { ...raw, channelId: 'emulator', conversation: { id: 'c1' }, channelData: undefined };
    expect(teamsConversationOf(emulator).ref).toEqual({
      platform: 'teams',
      tenantId: 'emulator',
      channelId: 'c1',
      threadId: 'c1',
    });
  });

  it('removes the bot’s mention, keeps other people’s names and decodes entities', () => {
    const recipient = { id: '28:bot' };
    const entities = [
      { type: 'mention', text: '<at>Steward</at>', mentioned: { id: '28:bot' } },
      { type: 'mention', text: '<at>Bo Example</at>', mentioned: { id: '29:bo' } },
    ];
    expect(
      questionText({
        recipient,
        entities,
        text: '<at>Steward</at> does <at>Bo Example</at> approve R&amp;D&nbsp;trips &lt;5 days?',
      }),
    ).toBe('does Bo Example approve R&D trips <5 days?');
    expect(
      questionText({ recipient, entities, text: 'Ask <at>Steward</at>\n\n  twice <at>Steward</at>' }),
    ).toBe('Ask\ntwice');
  });

  it('lists the people a message mentions besides the bot, labelled as the question reads them', () => {
    const raw = activity('channel-mention', { text: '<at>Steward</at> run grant-access for <at>Bo Example</at>' });
    const bot = raw.recipient.id;
    const reading = readMessage(
      {
        ...raw,
        entities: [
          { type: 'mention', text: '<at>Steward</at>', mentioned: { id: bot } },
          { type: 'mention', text: '<at>Bo Example</at>', mentioned: { id: '29:bo', name: 'Bo Example' } },
          { type: 'mention', text: '<at>Bo Example</at>', mentioned: { id: '29:bo', name: 'Bo Example' } },
        ],
      },
      RECEIVED,
    );
    expect(reading.kind === 'message' && reading.message.text).toBe('run grant-access for Bo Example');
    expect(reading.kind === 'message' && reading.message.mentioned).toEqual([{ id: '29:bo', label: 'Bo Example' }]);
    const alone = readMessage(activity('channel-mention', { text: '<at>Steward</at> hi' }), RECEIVED);
    expect(alone.kind === 'message' && alone.message.mentioned).toBeUndefined();
  });

  it('marks a person external only when Teams names a home tenant other than the conversation’s', () => {
    const raw = activity('channel-mention', { text: '<at>Steward</at> hi' });
    const authorWith = (from: Record<string, unknown>) => {
      const reading = readMessage({ ...raw, from: { ...raw.from, ...from } }, RECEIVED);
      return reading.kind === 'message' ? reading.message.author.organisation : reading.reason;
    };
    expect(authorWith({})).toBeUndefined();
    // A guest (Entra B2B) is in the conversation tenant's directory.
    expect(authorWith({ tenantId: TENANT.toUpperCase() })).toBeUndefined();
    expect(authorWith({ tenantId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b' })).toBe('external');
  });

  it('ignores bots and apps by their 28: id or their bot role', () => {
    expect(
      readMessage(activity('channel-message-from-workflows', { text: 'Build 4120 failed' }), RECEIVED),
    ).toEqual({
      kind: 'ignored',
      reason: 'message from another bot',
    });
    const raw = activity('channel-mention', { text: '<at>Steward</at> hi' });
    for (const from of [
      { id: '28:a9c1e3f5-7b2d-4e6f-8a0c-2e4f6a8c0e2f', name: 'Workflows' },
      { id: '29:1x', role: 'Bot' },
    ]) {
      expect(readMessage({ ...raw, from }, RECEIVED)).toEqual({
        kind: 'ignored',
        reason: 'message from another bot',
      });
    }
  });
});
