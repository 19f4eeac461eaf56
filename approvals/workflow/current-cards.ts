import { proposalCard, requestCard, type ApprovalCardView } from '../../src/approval-rules/approval-card.js';
import { isWellFormedApprovalId } from '../../src/approval-rules/request-id.js';
import type { ApprovalCardViews } from '../../src/ports/approval-interactions.js';
import type { ApprovalStore } from '../../src/ports/approval-store.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';
import { isInCardChannel, isInOrigin, isForeignCard } from './click-guards.js';

/**
 * Reads the card to show from the stored record. A confirmed proposal shares its id with the
 * request it became, so its card message now shows the request; the request is looked up first.
 */
export class CurrentCards implements ApprovalCardViews {
  constructor(private readonly store: ApprovalStore) {}

  async current(
    id: string,
    message: PostedMessage,
    options: { readonly unsigned?: boolean } = {},
  ): Promise<ApprovalCardView | undefined> {
    if (!isWellFormedApprovalId(id)) {
      return undefined;
    }
    // A refresh naming another request than the card it is on would redraw it with that content.
    if (isForeignCard(message, await this.store.cards(id))) {
      return undefined;
    }
    // An unsigned id is believed only for a record whose cards predate signing (ApprovalValues).
    const believed = (record: { readonly signedValues?: true }) => options.unsigned !== true || record.signedValues !== true;
    const request = await this.store.get(id);
    if (request !== undefined) {
      return isInCardChannel(message, request) && believed(request) ? requestCard(request) : undefined;
    }
    const stored = await this.store.getProposal(id);
    if (stored === undefined || !isInOrigin(message, stored.proposal.origin) || !believed(stored.proposal)) {
      return undefined;
    }
    return proposalCard(stored.proposal, stored.state === 'dismissed' ? 'dismissed' : 'proposed');
  }
}
