import type { ApprovalCardView } from '../../src/approval-rules/approval-card.js';
import type { Platform } from '../../src/conversation/types.js';
import type { ApprovalCardMessenger } from '../../src/ports/approval-cards.js';
import type {
  ChatMessenger,
  MessageAddress,
  OutboundMessage,
  PostedMessage,
} from '../../src/ports/chat-messenger.js';

export interface PostedCard {
  readonly message: PostedMessage;
  /** Every version of the card this message showed, first as posted. */
  readonly versions: ApprovalCardView[];
}

/**
 * Stands in for a chat platform: keeps each posted card message with all its versions, and each
 * plain message, so tests can look at every copy the way people in each channel would see it.
 */
export class RecordingCardMessenger implements ApprovalCardMessenger, ChatMessenger {
  readonly cards: PostedCard[] = [];
  readonly messages: { to: MessageAddress; message: OutboundMessage }[] = [];
  readonly privateMessages: { to: MessageAddress; userId: string; message: OutboundMessage }[] = [];
  readonly directMessages: { userId: string; about: MessageAddress; message: OutboundMessage }[] = [];
  /** People postDirect cannot reach (as a Teams admin who never wrote to the bot). */
  readonly unreachable = new Set<string>();
  private sequence = 0;
  /** Set to make the next calls fail, as a platform outage would. */
  failing = false;

  constructor(readonly platform: Platform = 'slack') {}

  postCard(to: MessageAddress, card: ApprovalCardView): Promise<PostedMessage> {
    if (this.failing) {
      return Promise.reject(new Error('platform unavailable'));
    }
    const message = this.newMessage(to);
    this.cards.push({ message, versions: [structuredClone(card)] });
    return Promise.resolve(message);
  }

  updateCard(message: PostedMessage, card: ApprovalCardView): Promise<void> {
    if (this.failing) {
      return Promise.reject(new Error('platform unavailable'));
    }
    const posted = this.cards.find((c) => c.message.messageId === message.messageId);
    if (posted === undefined) {
      return Promise.reject(new Error(`no message ${message.messageId}`));
    }
    posted.versions.push(structuredClone(card));
    return Promise.resolve();
  }

  post(to: MessageAddress, message: OutboundMessage): Promise<PostedMessage> {
    if (this.failing) {
      return Promise.reject(new Error('platform unavailable'));
    }
    this.messages.push({ to, message });
    return Promise.resolve(this.newMessage(to));
  }

  update(): Promise<void> {
    return Promise.resolve();
  }

  postPrivate(to: MessageAddress, userId: string, message: OutboundMessage): Promise<void> {
    this.privateMessages.push({ to, userId, message });
    return Promise.resolve();
  }

  postDirect(userId: string, about: MessageAddress, message: OutboundMessage): Promise<boolean> {
    if (this.failing) {
      return Promise.reject(new Error('platform unavailable'));
    }
    if (this.unreachable.has(userId)) {
      return Promise.resolve(false);
    }
    this.directMessages.push({ userId, about, message });
    return Promise.resolve(true);
  }

  /** The latest version of every card copy of `id`, with the channel it is in. */
  copiesOf(id: string): { channelId: string; card: ApprovalCardView; message: PostedMessage }[] {
    return this.cards
      .filter((posted) => posted.versions[0]?.id === id)
      .map((posted) => ({
        channelId: posted.message.address.channelId,
        card: posted.versions.at(-1) as ApprovalCardView,
        message: posted.message,
      }));
  }

  private newMessage(to: MessageAddress): PostedMessage {
    this.sequence += 1;
    const messageId = `1700000000.${String(this.sequence).padStart(6, '0')}`;
    return { address: to, messageId, permalink: `https://chat.example.com/${to.channelId}/${messageId}` };
  }
}
