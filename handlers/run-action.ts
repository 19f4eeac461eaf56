import type { Handler } from '../src/conversation/dispatcher.js';
import type { ActionRequests } from '../src/ports/action-requests.js';

/**
 * `run <action> key=value ... [reason]`: proposes the action with a card the requester confirms.
 * "run through the onboarding steps" is a question, not a command: when the word after `run` is
 * no known action and no `key=value` follows, the message is answered as a question.
 */
export function createRunActionHandler(actions: ActionRequests | undefined, ask: Handler): Handler {
  return async function runAction(message, context) {
    if (context.intent.kind !== 'run') {
      return ask(message, context);
    }
    if (actions === undefined) {
      return { kind: 'notice', text: 'Actions are not available here.' };
    }
    const outcome = await actions.propose({ message, command: context.intent.command });
    if (outcome.kind === 'proposed') {
      context.logger.info(
        { proposalId: outcome.card.id, actionId: outcome.card.action.id },
        'action proposed',
      );
      return { kind: 'card-posted', card: outcome.card };
    }
    if (outcome.unknownAction === true && !context.intent.command.includes('=')) {
      return ask(message, context);
    }
    return { kind: 'notice', text: outcome.text };
  };
}
