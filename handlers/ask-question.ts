import type { AnsweredTurn, ConversationService } from '../src/conversation/conversation-service.js';
import type { Handler } from '../src/conversation/dispatcher.js';
import type { Reply } from '../src/conversation/reply.js';

/** A question (mention, DM, thread reply, `ask` command): answer it from the knowledge base. */
export function createAskQuestionHandler(conversations: ConversationService): Handler {
  return async function askQuestion(message, { onText }) {
    return answerReply(await conversations.ask(message, onText));
  };
}

/** The reply that shows an answered turn. */
export function answerReply({ turnId, answer }: AnsweredTurn): Extract<Reply, { kind: 'answer' }> {
  return { kind: 'answer', text: answer.text, citations: answer.citations, found: answer.found, turnId };
}
