import { type CardAction, CARD_ACTIONS } from '../../../src/approval-rules/card-buttons.js';

/*
 * The Universal Action verbs of approval cards. Each button has its own verb, and its data carries
 * the workflow's button value, which must name the same action: a value moved onto another
 * button is refused as tampered.
 */

const PREFIX = 'steward.approval.';

/** Teams calls this when someone looks at a card that is still moving, to show its current state. */
export const APPROVAL_REFRESH_VERB = `${PREFIX}refresh`;

/** The text box inside the Reject panel; submitted with the Reject button. */
export const REJECT_REASON_INPUT = 'rejectReason';

export function approvalVerb(action: CardAction): string {
  return `${PREFIX}${action}`;
}

export const APPROVAL_CLICK_VERBS: ReadonlyArray<{ readonly action: CardAction; readonly verb: string }> =
  CARD_ACTIONS.map((action) => ({ action, verb: approvalVerb(action) }));
