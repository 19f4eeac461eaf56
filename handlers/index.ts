import type { ConversationService } from '../src/conversation/conversation-service.js';
import type { HandlerTable } from '../src/conversation/dispatcher.js';
import { createAskQuestionHandler } from './ask-question.js';
import { createForgetConversationHandler } from './forget-conversation.js';
import { createShowHelpHandler } from './show-help.js';

export interface HandlerDeps {
  readonly conversations: ConversationService;
}

/** The handler table, in one place: one use case per intent. */
export function createHandlers(deps: HandlerDeps): HandlerTable {
  return {
    ask: createAskQuestionHandler(deps.conversations),
    forget: createForgetConversationHandler(deps.conversations),
    help: createShowHelpHandler(),
  };
}
