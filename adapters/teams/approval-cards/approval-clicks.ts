import type { Person } from '../../../src/approval-rules/approval-types.js';
import type { PostedMessage } from '../../../src/ports/chat-messenger.js';
import type { InboundActivity } from '../activity-schema.js';
import { teamsConversationOf } from '../teams-conversation.js';
import { entraObjectIdOf } from '../teams-identity.js';

/*
 * Who clicked, and which card, read from the authenticated invoke only: nothing a card's data
 * says is believed about either.
 */

/**
 * The clicker as approver lists know them: their Teams user id and, from Teams itself, their
 * Microsoft Entra object id, the id channel settings name approvers by.
 */
export function clickerOf(activity: InboundActivity): Person {
  const { ref } = teamsConversationOf(activity, activity.replyToId);
  const directoryId = entraObjectIdOf(activity);
  return {
    platform: 'teams',
    tenantId: ref.tenantId,
    userId: activity.from.id,
    ...(activity.from.name !== undefined && activity.from.name !== '' ? { name: activity.from.name } : {}),
    ...(directoryId !== undefined ? { directoryId } : {}),
  };
}

/**
 * The card message that was clicked: Teams sends its id as `replyToId`, in the conversation (and
 * thread) the card is in. Undefined when the invoke does not say which message it came from.
 */
export function clickedCardOf(activity: InboundActivity): PostedMessage | undefined {
  const messageId = activity.replyToId?.trim();
  if (messageId === undefined || messageId === '') {
    return undefined;
  }
  const { ref } = teamsConversationOf(activity, messageId);
  return {
    address: { platform: 'teams', tenantId: ref.tenantId, channelId: ref.channelId, threadId: ref.threadId },
    messageId,
  };
}
