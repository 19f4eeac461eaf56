import type { ConversationService } from '../src/conversation/conversation-service.js';
import type { HandlerTable } from '../src/conversation/dispatcher.js';
import type { ActionRequests } from '../src/ports/action-requests.js';
import type { PersonalDataRights } from '../src/privacy/personal-data-rights.js';
import { createAskQuestionHandler } from './ask-question.js';
import { createExportMyDataHandler } from './export-my-data.js';
import { createForgetConversationHandler } from './forget-conversation.js';
import { createForgetMeHandler } from './forget-me.js';
import { createListApprovalsHandler } from './list-approvals.js';
import { createRunActionHandler } from './run-action.js';
import { createShowHelpHandler } from './show-help.js';
import { createAskWithSuggestionsHandler } from './suggest-action.js';

export interface HandlerDeps {
  readonly conversations: ConversationService;
  /** The approval workflow; without it `run` and `approvals` say actions are not available. */
  readonly actions?: ActionRequests;
  /** Export and erasure of a person's data; without it `forget me` and `export my data` say so. */
  readonly personalData?: PersonalDataRights;
}

/** The handler table, in one place: one use case per intent. */
export function createHandlers(deps: HandlerDeps): HandlerTable {
  const ask = createAskQuestionHandler(deps.conversations);
  return {
    ask: deps.actions ? createAskWithSuggestionsHandler(deps.conversations, deps.actions) : ask,
    forget: createForgetConversationHandler(deps.conversations),
    help: createShowHelpHandler({ actions: deps.actions !== undefined }),
    run: createRunActionHandler(deps.actions, ask),
    approvals: createListApprovalsHandler(deps.actions),
    'forget-me': createForgetMeHandler(deps.personalData),
    'export-me': createExportMyDataHandler(deps.personalData),
  };
}
