import type { ApprovalValues } from '../../../src/approval-rules/approval-values.js';
import type { ApprovalCardView } from '../../../src/approval-rules/approval-card.js';
import type { ApprovalCardMessenger } from '../../../src/ports/approval-cards.js';
import type { MessageAddress, PostedMessage } from '../../../src/ports/chat-messenger.js';
import type { TeamsMessenger } from '../teams-messenger.js';
import { approvalCardMessage } from './approval-adaptive-card.js';

/**
 * Approval cards in Teams: posted into the requester's thread (or chat) and the approvers'
 * channel through the conversation references Steward keeps, and replaced in place with
 * updateActivity whenever the request moves, so everyone who looks at a copy sees the same state.
 */
export class TeamsApprovalCards implements ApprovalCardMessenger {
  readonly platform = 'teams' as const;

  constructor(
    private readonly messenger: TeamsMessenger,
    private readonly values: ApprovalValues,
  ) {}

  postCard(to: MessageAddress, card: ApprovalCardView): Promise<PostedMessage> {
    return this.messenger.send(to, [approvalCardMessage(card, this.values)]);
  }

  updateCard(message: PostedMessage, card: ApprovalCardView): Promise<void> {
    return this.messenger.replace(message, approvalCardMessage(card, this.values));
  }
}
