import type { ConversationRef } from './types.js';

/**
 * One string key per conversation, used for storage keys and log fields. Each part is
 * URI-encoded so a `#` or `:` inside a platform id can never make two conversations collide.
 */
export function conversationKey(ref: ConversationRef): string {
  return [ref.platform, ref.tenantId, ref.channelId, ref.threadId].map(encodeURIComponent).join('#');
}
