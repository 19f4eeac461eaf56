import type { ApprovalValues } from '../approval-rules/approval-values.js';

/**
 * What the chat adapters sign the values on their cards with (the trust rule in
 * docs/architecture.md): the keyring, newest secret first, and the approval cards' values made
 * with it. One for the whole service, so a card drawn by a worker verifies in the web process.
 */
export interface CardSigning {
  readonly secrets: readonly string[];
  readonly approvalValues: ApprovalValues;
}
