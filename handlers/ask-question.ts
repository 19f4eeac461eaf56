import type { AnsweredTurn, ConversationService } from '../src/conversation/conversation-service.js';
import type { Handler } from '../src/conversation/dispatcher.js';
import type { Reply } from '../src/conversation/reply.js';
import { maskedNotice } from '../src/privacy/personal-data-guard.js';

/** A question (mention, DM, thread reply, `ask` command): answer it from the knowledge base. */
export function createAskQuestionHandler(conversations: ConversationService): Handler {
  return async function askQuestion(message, { onText }) {
    return answerReply(await conversations.ask(message, onText));
  };
}

/** The reply that shows an answered turn, opening with what was left out of the question, if anything. */
export function answerReply({ turnId, answer, masked }: AnsweredTurn): Extract<Reply, { kind: 'answer' }> {
  const text = masked === undefined ? answer.text : `_${maskedNotice(masked)}_\n\n${answer.text}`;
  return { kind: 'answer', text, citations: answer.citations, found: answer.found, turnId };
}
