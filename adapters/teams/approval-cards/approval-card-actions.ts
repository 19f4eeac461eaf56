import { z } from 'zod';
import type { ApprovalValues } from '../../../src/approval-rules/approval-values.js';
import type { CardAction as ApprovalAction } from '../../../src/approval-rules/card-buttons.js';
import type {
  ApprovalCardViews,
  ApprovalInteractions,
  InteractionResult,
} from '../../../src/ports/approval-interactions.js';
import type { Logger } from '../../../src/logger.js';
import type { InboundActivity } from '../activity-schema.js';
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

/** The workflow, and the signed values the approval cards carry. */
interface ApprovalCardDeps {
  readonly gateway: ApprovalGateway;
  readonly values: ApprovalValues;
}

const clickDataSchema = z.looseObject({
  approval: z.string().min(1).max(256),
  [REJECT_REASON_INPUT]: z.string().max(4000).optional(),
});

const refreshDataSchema = z.looseObject({ requestId: z.string().min(1).max(256) });

/**
 * The approval cards' buttons, one card action per verb, and the refresh Teams asks for when
 * someone looks at a card. Every click goes to ApprovalInteractions with the clicker and the
 * clicked card taken from the authenticated invoke; the answer is the card as it now stands,
 * shown to the clicker with any private notice on it. Data that is malformed, not signed by
 * Steward (ApprovalValues), or that names another action than its button, is refused as forged:
 * the workflow logs and audits it, and the clicker is told nothing was done.
 */
export function approvalCardActions(gateway: ApprovalGateway, values: ApprovalValues): CardAction[] {
  const deps = { gateway, values };
  return [
    ...APPROVAL_CLICK_VERBS.map(({ action, verb }) => clickAction(action, verb, deps)),
    refreshAction(deps),
  ];
}

function clickAction(action: ApprovalAction, verb: string, deps: ApprovalCardDeps): CardAction {
  return {
    verb,
    async handle(activity, data, logger) {
      const message = clickedCardOf(activity);
      if (message === undefined) {
        logger.warn({ reason: 'invoke without the clicked message' }, 'teams card action rejected');
        return badRequest('Teams did not say which card was clicked, so nothing was done. Please try again.');
      }
      const parsed = clickDataSchema.safeParse(data);
      const button = parsed.success ? deps.values.readButton(parsed.data.approval) : undefined;
      if (!parsed.success || button === undefined || !button.ok || button.value.action !== action) {
        const reason = !button ? 'malformed approval button data' : !button.ok ? button.reason : 'value of another button';
        return refuseForged(deps, activity, message, reason, logger);
      }
      const { id } = button.value;
      const typed = parsed.data[REJECT_REASON_INPUT];
      const result = await deps.gateway.interactions.handle({
        action,
        id,
        actor: clickerOf(activity),
        message,
        ...(action === 'reject' && typed !== undefined ? { reason: typed } : {}),
        ...(button.signed ? {} : { unsigned: true as const }),
      });
      logger.info({ approvalId: id, action, changed: result.changed }, 'teams approval click handled');
      return answer(result, deps.values);
    },
  };
}

function refreshAction(deps: ApprovalCardDeps): CardAction {
  return {
    verb: APPROVAL_REFRESH_VERB,
    async handle(activity, data, logger) {
      const message = clickedCardOf(activity);
      if (message === undefined) {
        logger.warn({ reason: 'refresh without the card message' }, 'teams card action rejected');
        return badRequest('Teams did not say which card to show, so nothing was done.');
      }
      const parsed = refreshDataSchema.safeParse(data);
      const requestId = parsed.success ? deps.values.readRefresh(parsed.data.requestId) : undefined;
      if (requestId === undefined || !requestId.ok) {
        return refuseForged(deps, activity, message, requestId?.reason ?? 'malformed approval refresh', logger);
      }
      const card = await deps.gateway.views.current(requestId.value, message, { unsigned: !requestId.signed });
      if (card === undefined) {
        logger.warn(
          { reason: 'unknown or foreign approval', requestId: requestId.value },
          'teams card action rejected',
        );
        return badRequest('This approval request does not exist here.');
      }
      return refreshedCard(approvalAdaptiveCard(card, deps.values));
    },
  };
}

/** Data Steward did not sign: recorded by the workflow, and the clicker told that nothing was done. */
async function refuseForged(
  deps: ApprovalCardDeps,
  activity: InboundActivity,
  message: NonNullable<ReturnType<typeof clickedCardOf>>,
  reason: string,
  logger: Logger,
): Promise<AdaptiveCardInvokeResponse> {
  logger.warn({ reason }, 'teams card action rejected');
  const result = await deps.gateway.interactions.refuseForged({ actor: clickerOf(activity), message, reason });
  return badRequest(result.notice ?? 'Nothing was done.');
}

/** The clicked copy redrawn for the clicker (invoke responses are shown to them alone). */
function answer(result: InteractionResult, values: ApprovalValues): AdaptiveCardInvokeResponse {
  if (result.card !== undefined) {
    return refreshedCard(
      approvalAdaptiveCard(result.card, values, result.notice !== undefined ? { notice: result.notice } : {}),
    );
  }
  return messageOnly(result.notice ?? 'Done.');
}
