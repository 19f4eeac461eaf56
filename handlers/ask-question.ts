import type { AnsweredTurn, ConversationService } from '../src/conversation/conversation-service.js';
import type { Handler } from '../src/conversation/dispatcher.js';
import type { Reply } from '../src/conversation/reply.js';

/** A question (mention, DM, thread reply, `ask` command): answer it from the knowledge base. */
export function createAskQuestionHandler(conversations: ConversationService): Handler {
  return async function askQuestion(message, { onText, reads }) {
    return answerReply(await conversations.ask(message, onText, reads !== undefined ? { reads } : {}));
  };
}

/** The reply that shows an answered turn, opening with its notices (personal data left out, budgets). */
export function answerReply({ turnId, answer, notices = [] }: AnsweredTurn): Extract<Reply, { kind: 'answer' }> {
  const text = [...notices.map((notice) => `_${notice}_`), answer.text].join('\n\n');
  return { kind: 'answer', text, citations: answer.citations, found: answer.found, turnId };
}
