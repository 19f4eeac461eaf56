import { describe, expect, it } from 'vitest';
import { routeMention, routeMessage } from '../../../../adapters/slack/inbound/message-events.js';
import { slackFixture } from '../../../support/slack-payloads.js';

const BOT = 'UBOT0STEWARD';
const eventOf = (name: Parameters<typeof slackFixture>[0], overrides: Record<string, unknown> = {}) => ({
  ...(slackFixture(name).event as Record<string, unknown>),
  ...overrides,
});

describe('routing Slack message events', () => {
  it('answers a channel mention in a thread under the message, without the mention in the text', () => {
    expect(routeMention(eventOf('app-mention'), BOT)).toEqual({
      kind: 'mention',
      place: { channelId: 'C0IT', replyThreadTs: '1763380000.123400', threadId: '1763380000.123400' },
      userId: 'U0ANN',
      text: 'How do I connect to the VPN?',
      messageKey: 'C0IT:1763380000.123400',
    });
  });

  it('keeps a mention inside a thread in that thread', () => {
    const route = routeMention(
      eventOf('app-mention', { ts: '1763380050.000001', thread_ts: '1763380000.123400' }),
      BOT,
    );
    expect(route).toMatchObject({
      place: { replyThreadTs: '1763380000.123400', threadId: '1763380000.123400' },
    });
  });

  it('answers a top-level DM at the top level, as the DM’s running conversation', () => {
    expect(routeMessage(eventOf('message-im'), BOT)).toEqual({
      kind: 'direct',
      place: { channelId: 'D0BOB', replyThreadTs: undefined, threadId: 'D0BOB' },
      userId: 'U0BOB',
      text: 'How much paid holiday do I get?',
      messageKey: 'D0BOB:1763380100.000200',
    });
  });

  it('treats a DM thread as its own conversation', () => {
    const route = routeMessage(
      eventOf('message-im', { ts: '1763380200.000001', thread_ts: '1763380100.000200' }),
      BOT,
    );
    expect(route).toMatchObject({
      kind: 'direct',
      place: { replyThreadTs: '1763380100.000200', threadId: '1763380100.000200' },
    });
  });

  it('marks an unaddressed thread reply and a top-level channel message for the reply-mode check', () => {
    expect(routeMessage(eventOf('message-thread-reply'), BOT)).toMatchObject({
      kind: 'thread-reply',
      place: { channelId: 'C0IT', threadId: '1763380000.123400' },
    });
    const topLevel = eventOf('message-thread-reply', { thread_ts: undefined });
    expect(routeMessage(topLevel, BOT)).toMatchObject({
      kind: 'channel-message',
      place: { replyThreadTs: '1763380060.000500', threadId: '1763380060.000500' },
    });
  });

  it('leaves channel messages that mention the bot to their app_mention twin', () => {
    const route = routeMessage(eventOf('message-thread-reply', { text: `<@${BOT}> and abroad?` }), BOT);
    expect(route).toEqual({ kind: 'ignore', reason: 'mentions the bot; answered as app_mention' });
  });

  it.each([
    ['message-changed', 'subtype message_changed'],
    ['message-deleted', 'subtype message_deleted'],
    ['message-other-bot', 'subtype bot_message'],
    ['message-from-self', 'written by this bot'],
  ] as const)('ignores %s', (fixture, reason) => {
    expect(routeMessage(eventOf(fixture), BOT)).toEqual({ kind: 'ignore', reason });
  });

  it('answers a file shared with a question, but not a bare file', () => {
    expect(routeMessage(eventOf('message-im', { subtype: 'file_share' }), BOT).kind).toBe('direct');
    expect(routeMessage(eventOf('message-im', { subtype: 'file_share', text: '' }), BOT)).toEqual({
      kind: 'ignore',
      reason: 'no text',
    });
  });

  it('passes a bare mention on, so the person gets a helpful reply', () => {
    expect(routeMention(eventOf('app-mention', { text: `<@${BOT}>` }), BOT)).toMatchObject({
      kind: 'mention',
      text: '',
    });
  });

  it('ignores events without the fields it needs', () => {
    expect(routeMessage({ type: 'message', text: 'hi' }, BOT)).toEqual({
      kind: 'ignore',
      reason: 'malformed message event',
    });
    expect(routeMention({ type: 'app_mention', channel: 'C1', ts: '1.2', user: 42 }, BOT)).toEqual({
      kind: 'ignore',
      reason: 'malformed app_mention event',
    });
  });
});
