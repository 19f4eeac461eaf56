import type { ConversationService } from '../src/conversation/conversation-service.js';
import type { Handler } from '../src/conversation/dispatcher.js';

/** "forget": delete everything kept about this conversation (turns and summary). */
export function createForgetConversationHandler(conversations: ConversationService): Handler {
  return async function forgetConversation(message, { logger }) {
    const removed = await conversations.forget(message.ref);
    logger.info({ removedTurns: removed }, 'conversation forgotten');
    return {
      kind: 'notice',
      text:
        removed > 0
          ? 'Done: I have forgotten this conversation. Your next message starts afresh.'
          : 'There was nothing to forget: I had no history for this conversation.',
    };
  };
}
