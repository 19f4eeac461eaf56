import type { ConversationRef } from '../../src/conversation/types.js';
import type { InboundActivity } from './activity-schema.js';

/** Where a Teams activity happened, as the bot's users see it. */
export type TeamsScope = 'personal' | 'groupChat' | 'channel';

/** A Teams conversation mapped onto the core's conversation model. */
export interface TeamsConversation {
  readonly scope: TeamsScope;
  readonly ref: ConversationRef;
  /** The conversation id to post into so a message lands in this thread (or chat). */
  readonly conversationId: string;
  /** The conversation id of the channel or chat itself, without a thread. */
  readonly baseConversationId: string;
}

const THREAD_MARKER = ';messageid=';

/**
 * Teams puts a channel thread's root message id into the conversation id
 * (`19:…@thread.tacv2;messageid=1700000000000`). A new post that mentions the bot is its own
 * root. Personal and group chats have no threads: the chat is the conversation.
 */
export function teamsConversationOf(
  activity: Pick<InboundActivity, 'conversation' | 'channelData' | 'channelId' | 'id'>,
  fallbackThreadId?: string,
): TeamsConversation {
  const fullId = activity.conversation.id;
  const markerAt = fullId.indexOf(THREAD_MARKER);
  const baseConversationId = markerAt >= 0 ? fullId.slice(0, markerAt) : fullId;
  const rootFromId = markerAt >= 0 ? fullId.slice(markerAt + THREAD_MARKER.length) : undefined;
  const scope = scopeOf(activity.conversation);
  const tenantId = tenantOf(activity);

  if (scope === 'channel') {
    const threadId =
      nonEmpty(rootFromId) ?? nonEmpty(fallbackThreadId) ?? nonEmpty(activity.id) ?? baseConversationId;
    return {
      scope,
      ref: { platform: 'teams', tenantId, channelId: baseConversationId, threadId },
      conversationId:
        threadId === baseConversationId
          ? baseConversationId
          : threadConversationId(baseConversationId, threadId),
      baseConversationId,
    };
  }
  return {
    scope,
    ref: { platform: 'teams', tenantId, channelId: fullId, threadId: fullId },
    conversationId: fullId,
    baseConversationId: fullId,
  };
}

/** The conversation id that addresses one thread of a channel. */
export function threadConversationId(channelConversationId: string, threadId: string): string {
  return `${channelConversationId}${THREAD_MARKER}${threadId}`;
}

/** True when the thread id names a thread of the channel rather than the channel (or chat) itself. */
export function isChannelThread(channelId: string, threadId: string | undefined): threadId is string {
  return threadId !== undefined && threadId !== '' && threadId !== channelId;
}

function scopeOf(conversation: InboundActivity['conversation']): TeamsScope {
  switch (conversation.conversationType ?? '') {
    case 'channel':
      return 'channel';
    case 'groupChat':
      return 'groupChat';
    case 'personal':
      return 'personal';
    default:
      // The Emulator and Web Chat send no conversation type; a group flag is all they say.
      return conversation.isGroup === true ? 'groupChat' : 'personal';
  }
}

/**
 * The Azure AD tenant keeps organisations apart. Channels other than Teams (the Emulator, Web
 * Chat) have none; their channel id stands in so their conversations never mix with a tenant's.
 */
function tenantOf(activity: Pick<InboundActivity, 'conversation' | 'channelData' | 'channelId'>): string {
  return (
    nonEmpty(activity.conversation.tenantId) ??
    nonEmpty(activity.channelData?.tenant?.id) ??
    activity.channelId
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
