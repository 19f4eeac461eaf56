import { z } from 'zod';
import type { MentionedPerson } from '../../../src/conversation/types.js';
import { mentionedPeople, mentionsUser, toPlainText } from './slack-text.js';

/** Where a message was written and where the answer goes. */
export interface SlackPlace {
  readonly channelId: string;
  /** Thread to answer in; absent for a top-level answer (a direct message outside any thread). */
  readonly replyThreadTs: string | undefined;
  /**
   * The conversation's thread id. A channel thread is its root ts; direct messages outside a
   * thread are one running conversation per DM, keyed by the DM's channel id.
   */
  readonly threadId: string;
}

export type MessageRoute =
  | { readonly kind: 'ignore'; readonly reason: string }
  | {
      /** `mention`: addressed to the bot; `direct`: a DM; `thread-reply`: an unaddressed reply in a thread; `channel-message`: an unaddressed top-level message. */
      readonly kind: 'mention' | 'direct' | 'thread-reply' | 'channel-message';
      readonly place: SlackPlace;
      readonly userId: string;
      readonly text: string;
      /** People the message mentions besides the bot; absent when none. */
      readonly mentioned?: readonly MentionedPerson[];
      /** The message's own identity (channel and ts), which an edit keeps and a retry repeats. */
      readonly messageKey: string;
    };

/** Message subtypes that are still a person writing to the channel. */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

const messageEventSchema = z.looseObject({
  type: z.enum(['message', 'app_mention']),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().min(1).optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().min(1).optional(),
});

type MessageEvent = z.output<typeof messageEventSchema>;

/**
 * An `app_mention`: someone addressed the bot in a channel (or a group DM). Slack sends it again,
 * with a new event id and an `edited` field, whenever the message is edited; the route's
 * `messageKey` stays the same, so the question is answered once (an edit that adds the mention to
 * a message nobody answered is still answered).
 */
export function routeMention(raw: unknown, botUserId: string): MessageRoute {
  const parsed = messageEventSchema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'ignore', reason: 'malformed app_mention event' };
  }
  const event = parsed.data;
  const refusal = refuseNonPerson(event, botUserId);
  if (refusal) {
    return refusal;
  }
  const threadTs = event.thread_ts ?? event.ts;
  return withText(
    event,
    'mention',
    { channelId: event.channel, replyThreadTs: threadTs, threadId: threadTs },
    botUserId,
  );
}

/**
 * A `message` event. Mentions of the bot are left to their `app_mention` twin (Slack sends both,
 * with different event ids), so a mention is answered once.
 */
export function routeMessage(raw: unknown, botUserId: string): MessageRoute {
  const parsed = messageEventSchema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'ignore', reason: 'malformed message event' };
  }
  const event = parsed.data;
  const refusal = refuseNonPerson(event, botUserId);
  if (refusal) {
    return refusal;
  }
  const inThread = event.thread_ts !== undefined && event.thread_ts !== event.ts;
  if (event.channel_type === 'im') {
    const place = inThread
      ? { channelId: event.channel, replyThreadTs: event.thread_ts, threadId: event.thread_ts ?? event.ts }
      : { channelId: event.channel, replyThreadTs: undefined, threadId: event.channel };
    return withText(event, 'direct', place, botUserId);
  }
  if (event.text !== undefined && mentionsUser(event.text, botUserId)) {
    return { kind: 'ignore', reason: 'mentions the bot; answered as app_mention' };
  }
  if (inThread && event.thread_ts !== undefined) {
    const place = { channelId: event.channel, replyThreadTs: event.thread_ts, threadId: event.thread_ts };
    return withText(event, 'thread-reply', place, botUserId);
  }
  return withText(
    event,
    'channel-message',
    { channelId: event.channel, replyThreadTs: event.ts, threadId: event.ts },
    botUserId,
  );
}

function refuseNonPerson(event: MessageEvent, botUserId: string): MessageRoute | undefined {
  if (event.subtype !== undefined && !PERSON_SUBTYPES.has(event.subtype)) {
    // Edits, deletions, joins, topic changes, bot posts...: nothing was asked.
    return { kind: 'ignore', reason: `subtype ${event.subtype}` };
  }
  if (event.user === botUserId) {
    return { kind: 'ignore', reason: 'written by this bot' };
  }
  if (event.bot_id !== undefined) {
    // Answering other bots invites loops between bots.
    return { kind: 'ignore', reason: 'written by another bot' };
  }
  if (event.user === undefined) {
    return { kind: 'ignore', reason: 'no author' };
  }
  return undefined;
}

function withText(
  event: MessageEvent,
  kind: 'mention' | 'direct' | 'thread-reply' | 'channel-message',
  place: SlackPlace,
  botUserId: string,
): MessageRoute {
  const text = toPlainText(event.text ?? '', botUserId);
  if (event.user === undefined) {
    return { kind: 'ignore', reason: 'no author' };
  }
  if (text === '' && kind !== 'mention') {
    // A bare file share or an empty thread reply; a bare mention still gets a helpful reply.
    return { kind: 'ignore', reason: 'no text' };
  }
  const mentioned = mentionedPeople(event.text ?? '', botUserId);
  return {
    kind,
    place,
    userId: event.user,
    text,
    ...(mentioned.length > 0 ? { mentioned } : {}),
    messageKey: `${event.channel}:${event.ts}`,
  };
}
