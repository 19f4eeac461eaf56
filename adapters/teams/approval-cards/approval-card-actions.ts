import { z } from 'zod';
import { decodeCardButton, type CardAction as ApprovalAction } from '../../../src/approval-rules/card-buttons.js';
import type {
  ApprovalCardViews,
  ApprovalInteractions,
  InteractionResult,
} from '../../../src/ports/approval-interactions.js';
import type { CardAction } from '../card-actions/card-action-router.js';
import {
  badRequest,
  messageOnly,
  refreshedCard,
  type AdaptiveCardInvokeResponse,
} from '../card-actions/invoke-responses.js';
import { approvalAdaptiveCard } from './approval-adaptive-card.js';
import { clickedCardOf, clickerOf } from './approval-clicks.js';
import { APPROVAL_CLICK_VERBS, APPROVAL_REFRESH_VERB, REJECT_REASON_INPUT } from './approval-verbs.js';

/** What the Teams adapter asks of the approval workflow. */
export interface ApprovalGateway {
  readonly interactions: ApprovalInteractions;
  readonly views: ApprovalCardViews;
}

const clickDataSchema = z.looseObject({
  approval: z.string().min(1).max(256),
  [REJECT_REASON_INPUT]: z.string().max(4000).optional(),
});

const refreshDataSchema = z.looseObject({ requestId: z.string().min(1).max(128) });

const NOT_GENUINE = 'This approval button is not genuine, so nothing was done.';

/**
 * The approval cards' buttons, one card action per verb, and the refresh Teams asks for when
 * someone looks at a card. Every click goes to ApprovalInteractions with the clicker and the
 * clicked card taken from the authenticated invoke; the answer is the card as it now stands,
 * shown to the clicker with any private notice on it. A button value that is malformed, or that
 * names another action than its button, is refused with a log line and reaches nothing.
 */
export function approvalCardActions(gateway: ApprovalGateway): CardAction[] {
  return [
    ...APPROVAL_CLICK_VERBS.map(({ action, verb }) => clickAction(action, verb, gateway.interactions)),
    refreshAction(gateway.views),
  ];
}

function clickAction(action: ApprovalAction, verb: string, interactions: ApprovalInteractions): CardAction {
  return {
    verb,
    async handle(activity, data, logger) {
      const parsed = clickDataSchema.safeParse(data);
      if (!parsed.success) {
        logger.warn({ reason: 'malformed approval button data' }, 'teams card action rejected');
        return badRequest(NOT_GENUINE);
      }
      const button = decodeCardButton(parsed.data.approval);
      if (button === undefined || button.action !== action) {
        logger.warn(
          { reason: 'forged approval button', value: parsed.data.approval.slice(0, 80) },
          'teams card action rejected',
        );
        return badRequest(NOT_GENUINE);
      }
      const message = clickedCardOf(activity);
      if (message === undefined) {
        logger.warn({ reason: 'invoke without the clicked message' }, 'teams card action rejected');
        return badRequest('Teams did not say which card was clicked, so nothing was done. Please try again.');
      }
      const reason = parsed.data[REJECT_REASON_INPUT];
      const result = await interactions.handle({
        action,
        id: button.id,
        actor: clickerOf(activity),
        message,
        ...(action === 'reject' && reason !== undefined ? { reason } : {}),
      });
      logger.info({ approvalId: button.id, action, changed: result.changed }, 'teams approval click handled');
      return answer(result);
    },
  };
}

function refreshAction(views: ApprovalCardViews): CardAction {
  return {
    verb: APPROVAL_REFRESH_VERB,
    async handle(activity, data, logger) {
      const parsed = refreshDataSchema.safeParse(data);
      const message = clickedCardOf(activity);
      if (!parsed.success || message === undefined) {
        logger.warn({ reason: 'malformed approval refresh' }, 'teams card action rejected');
        return badRequest(NOT_GENUINE);
      }
      const card = await views.current(parsed.data.requestId, message);
      if (card === undefined) {
        logger.warn(
          { reason: 'unknown or foreign approval', requestId: parsed.data.requestId.slice(0, 80) },
          'teams card action rejected',
        );
        return badRequest('This approval request does not exist here.');
      }
      return refreshedCard(approvalAdaptiveCard(card));
    },
  };
}

/** The clicked copy redrawn for the clicker (invoke responses are shown to them alone). */
function answer(result: InteractionResult): AdaptiveCardInvokeResponse {
  if (result.card !== undefined) {
    return refreshedCard(
      approvalAdaptiveCard(result.card, result.notice !== undefined ? { notice: result.notice } : {}),
    );
  }
  return messageOnly(result.notice ?? 'Done.');
}
