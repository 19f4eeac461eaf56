import type { MessageAddress } from '../../src/ports/chat-messenger.js';
import type { StoredReference } from './conversation-references.js';

const TEAMS_WEB = 'https://teams.microsoft.com/l/message';

/**
 * A deep link that opens a posted message in Teams (desktop, web or mobile): a channel message by
 * its channel, tenant and thread root, a group chat message by its chat. Personal chats with the
 * bot get none; the person already has that chat at hand.
 */
export function messageLink(
  reference: StoredReference,
  address: MessageAddress,
  messageId: string,
): string | undefined {
  if (messageId === '') {
    return undefined;
  }
  const path = `${TEAMS_WEB}/${encodeURIComponent(address.channelId)}/${encodeURIComponent(messageId)}`;
  const type = reference.conversation.conversationType;
  if (type === 'channel') {
    const query = new URLSearchParams({
      tenantId: address.tenantId,
      parentMessageId:
        address.threadId !== undefined && address.threadId !== address.channelId
          ? address.threadId
          : messageId,
    });
    return `${path}?${query.toString()}`;
  }
  if (type === 'groupChat') {
    return `${path}?${new URLSearchParams({ context: JSON.stringify({ contextType: 'chat' }) }).toString()}`;
  }
  return undefined;
}
