import type { Handler } from '../src/conversation/dispatcher.js';
import type { ActionRequests } from '../src/ports/action-requests.js';

/**
 * Answers the question as usual, then offers an allowed action when the message asks for one
 * ("please restart the web service"): a proposal card the person may confirm or dismiss. A
 * failing suggestion never costs the answer.
 */
export function withActionSuggestions(ask: Handler, actions: ActionRequests): Handler {
  return async function askAndSuggest(message, context) {
    const reply = await ask(message, context);
    try {
      const suggestion = await actions.suggest(message, reply.kind === 'answer' ? reply.citations : []);
      if (suggestion?.kind === 'proposed') {
        context.logger.info(
          { proposalId: suggestion.card.id, actionId: suggestion.card.action.id },
          'action suggested',
        );
      }
    } catch (error) {
      context.logger.warn({ err: error }, 'action suggestion failed');
    }
    return reply;
  };
}
