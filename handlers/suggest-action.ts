import { isExternal } from '../src/access/external-users.js';
import type { ConversationService } from '../src/conversation/conversation-service.js';
import type { Handler, HandlerContext } from '../src/conversation/dispatcher.js';
import type { InboundMessage } from '../src/conversation/types.js';
import type { ActionRequests, ProposalOutcome } from '../src/ports/action-requests.js';
import type { ActionTool } from '../src/ports/language-model.js';
import { answerReply } from './ask-question.js';

/**
 * Answers the question as usual and offers the channel's allowed actions when the message asks
 * for one ("please restart the web service"): proposal cards the person may confirm or dismiss.
 * The actions are offered to the model as tools; when the model weighed them, its calls are the
 * suggestions, otherwise (a model without tools, or nothing retrieved to answer from) the local
 * matcher's. The cards are posted after the answer is shown; a failing suggestion never costs
 * the answer. People of other organisations, when answered at all, are offered no actions.
 */
export function createAskWithSuggestionsHandler(conversations: ConversationService, actions: ActionRequests): Handler {
  return async function askAndSuggest(message, context) {
    const { reads } = context;
    const withReads = reads !== undefined ? { reads } : {};
    if (isExternal(message.author)) {
      return answerReply(await conversations.ask(message, context.onText, withReads));
    }
    const tools = await offeredTools(actions, message, context);
    const answered = await conversations.ask(message, context.onText, { tools, ...withReads });
    const reply = answerReply(answered);
    if (answered.answer.guardrail?.action === 'blocked') {
      return reply;
    }
    // The proposal cards follow the answer that led to them, so they are posted after it is shown.
    context.afterReply(async () => {
      try {
        const toolCalls = answered.answer.toolCalls;
        const outcomes =
          toolCalls !== undefined
            ? await actions.proposeToolCalls(message, toolCalls, { citations: reply.citations, passages: answered.passages, ...withReads })
            : [await actions.suggest(message, reply.citations, reads)];
        logSuggestions(outcomes, toolCalls !== undefined ? 'model' : 'matcher', context);
      } catch (error) {
        context.logger.warn({ err: error }, 'action suggestion failed');
      }
    });
    return reply;
  };
}

/** No tools rather than no answer when the channel's actions cannot be read. */
async function offeredTools(actions: ActionRequests, message: InboundMessage, context: HandlerContext): Promise<readonly ActionTool[]> {
  try {
    return await actions.toolsFor(message, context.reads);
  } catch (error) {
    context.logger.warn({ err: error }, 'actions not offered to the model');
    return [];
  }
}

function logSuggestions(outcomes: readonly (ProposalOutcome | undefined)[], by: 'model' | 'matcher', context: HandlerContext): void {
  for (const outcome of outcomes) {
    if (outcome?.kind === 'proposed') {
      context.logger.info({ proposalId: outcome.card.id, actionId: outcome.card.action.id, by }, 'action suggested');
    }
  }
}
