import type { ConversationService } from '../src/conversation/conversation-service.js';
import type { Handler } from '../src/conversation/dispatcher.js';

/** A question (mention, DM, thread reply, `ask` command): answer it from the knowledge base. */
export function createAskQuestionHandler(conversations: ConversationService): Handler {
  return async function askQuestion(message, { onText }) {
    const { turnId, answer } = await conversations.ask(message, onText);
    return { kind: 'answer', text: answer.text, citations: answer.citations, found: answer.found, turnId };
  };
}
