import type { CardAction } from '../../../src/approval-rules/card-buttons.js';

/**
 * Identifiers of approval cards that Slack echoes back in interaction payloads. Cards already
 * posted carry them, so renaming one orphans the buttons of every card still waiting.
 */
export const APPROVAL_IDS = {
  /** Every approval button's action id starts with this; the rest is the card action. */
  actionPrefix: 'steward_approval_',
  /** The block holding a card's buttons. */
  actionsBlock: 'steward_approval_buttons',
  /** The modal that asks an approver why they reject. */
  rejectModal: 'steward_approval_reject_reason',
  reasonBlock: 'steward_reason',
  reasonInput: 'steward_reason_text',
} as const;

/** Matches every approval button, and only those. */
export const APPROVAL_ACTION_PATTERN = new RegExp(`^${APPROVAL_IDS.actionPrefix}`);

export function approvalActionId(action: CardAction): string {
  return `${APPROVAL_IDS.actionPrefix}${action}`;
}
