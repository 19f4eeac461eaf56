import type { ApprovalRequest, ActionProposal, Person } from '../../src/approvals/approval-types.js';
import type { ConversationRef } from '../../src/conversation/types.js';
import type { PostedMessage } from '../../src/ports/chat-messenger.js';

/** The clicked card is in the request's own channel (a forged id from elsewhere is refused). */
export function isInOrigin(message: PostedMessage, origin: ConversationRef): boolean {
  const at = message.address;
  return (
    at.platform === origin.platform && at.tenantId === origin.tenantId && at.channelId === origin.channelId
  );
}

/** The clicked card is one of the places the request's cards are posted: its thread or the approvers' channel. */
export function isInCardChannel(message: PostedMessage, subject: ApprovalRequest | ActionProposal): boolean {
  const at = message.address;
  return (
    isInOrigin(message, subject.origin) ||
    (at.platform === subject.origin.platform &&
      at.tenantId === subject.origin.tenantId &&
      subject.policy.approversChannelId !== undefined &&
      at.channelId === subject.policy.approversChannelId)
  );
}

/** People decide only within the request's own platform and workspace. */
export function isSameWorkspace(person: Person, origin: ConversationRef): boolean {
  return person.platform === origin.platform && person.tenantId === origin.tenantId;
}
