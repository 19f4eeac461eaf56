import type { ApprovalRequest, ActionProposal, Person } from '../../src/approval-rules/approval-types.js';
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

/**
 * The clicked message is a card of another proposal or request: this one has copies in the
 * clicked channel and the clicked message is none of them. A button value can name another
 * request of the same channel (a forged value, a stale client): the click is decided on the
 * request it names, but the clicked message, which shows something else, is left alone. A
 * channel with no remembered copy yet is not held against the click: a card is clickable a
 * moment before its copy is remembered.
 */
export function isForeignCard(message: PostedMessage, copies: readonly PostedMessage[]): boolean {
  const here = copies.filter(
    (copy) =>
      copy.address.platform === message.address.platform &&
      copy.address.tenantId === message.address.tenantId &&
      copy.address.channelId === message.address.channelId,
  );
  return here.length > 0 && !here.some((copy) => copy.messageId === message.messageId);
}

/** People decide only within the request's own platform and workspace. */
export function isSameWorkspace(person: Person, origin: ConversationRef): boolean {
  return person.platform === origin.platform && person.tenantId === origin.tenantId;
}
