import { StewardError } from '../../src/errors.js';
import type {
  ChatMessenger,
  MessageAddress,
  OutboundMessage,
  PostedMessage,
} from '../../src/ports/chat-messenger.js';
import { assertOnPlatform } from '../../src/ports/chat-messenger.js';
import type { ConversationReferences, StoredReference } from './conversation-references.js';
import { messageLink } from './message-links.js';
import { outboundMessages, replacementMessage, type OutgoingMessage } from './render/reply-activities.js';
import { isChannelThread, threadConversationId } from './teams-conversation.js';
import type { Destination, TeamsOutbound } from './teams-outbound.js';

/**
 * Proactive messages in Teams (approval cards and outcomes, late answers, notices), addressed
 * with the conversation references remembered from earlier activities. A channel or chat Steward
 * has never heard from cannot be reached: Teams gives bots no other way in.
 */
export class TeamsMessenger implements ChatMessenger {
  readonly platform = 'teams' as const;

  constructor(
    private readonly references: ConversationReferences,
    private readonly outbound: TeamsOutbound,
  ) {}

  /**
   * Posts into a thread, a chat, or (no thread) a channel, where the message starts a new thread:
   * its `messageId` is then the thread's root id, to post into that thread later.
   */
  async post(to: MessageAddress, message: OutboundMessage): Promise<PostedMessage> {
    return this.send(to, outboundMessages(message));
  }

  /** Replaces a posted message; an update is one message, so overlong text is shortened. */
  async update(message: PostedMessage, content: OutboundMessage): Promise<void> {
    await this.replace(message, replacementMessage(content));
  }

  /**
   * Posts messages already rendered for Teams (a card of a feature's own); the last one is the
   * posted message, with a link that opens it in Teams where one can be made.
   */
  async send(to: MessageAddress, messages: readonly OutgoingMessage[]): Promise<PostedMessage> {
    const destination = await this.destinationOf(to);
    const ids = await this.outbound.send(destination, messages);
    const messageId = ids.at(-1) ?? '';
    const permalink = messageLink(destination.reference, to, messageId);
    return { address: to, messageId, ...(permalink !== undefined ? { permalink } : {}) };
  }

  /** Replaces a posted message with one already rendered for Teams. */
  async replace(message: PostedMessage, replacement: OutgoingMessage): Promise<void> {
    const destination = await this.destinationOf(message.address);
    await this.outbound.update(destination, message.messageId, replacement);
  }

  /**
   * Teams has no messages visible to one person inside a shared chat; the equivalent is the
   * person's personal chat with the bot, opened on first use through the channel's service.
   */
  async postPrivate(to: MessageAddress, userId: string, message: OutboundMessage): Promise<void> {
    let personal = await this.references.personal(to.tenantId, userId);
    if (personal === undefined) {
      const via = await this.channelReference(to);
      personal = await this.outbound.openPersonalChat(via, to.tenantId, userId);
      await this.references.rememberPersonal(to.tenantId, userId, personal);
    }
    await this.outbound.send(
      { reference: personal, conversationId: personal.conversation.id },
      outboundMessages(message),
    );
  }

  /**
   * Teams lets a bot start a personal chat only with people of a team or chat it is in, and an
   * admin (named by Entra object id) may be in neither: so only a personal chat the admin has
   * already had with Steward is used. The message ends with a link to the conversation it is
   * about, where Teams has one.
   */
  async postDirect(userId: string, about: MessageAddress, message: OutboundMessage): Promise<boolean> {
    assertOnPlatform('teams', about);
    const personal = await this.references.personalByObjectId(about.tenantId, userId);
    if (personal === undefined) {
      return false;
    }
    const channel = await this.references.channel(about);
    const link = channel !== undefined && about.threadId !== undefined ? messageLink(channel, about, about.threadId) : undefined;
    const text = link !== undefined ? `${message.text}\n\n[Open the conversation](${link})` : message.text;
    await this.outbound.send(
      { reference: personal, conversationId: personal.conversation.id },
      outboundMessages({ ...message, text }),
    );
    return true;
  }

  private async destinationOf(address: MessageAddress): Promise<Destination> {
    const reference = await this.channelReference(address);
    return {
      reference,
      conversationId: isChannelThread(address.channelId, address.threadId)
        ? threadConversationId(reference.conversation.id, address.threadId)
        : reference.conversation.id,
    };
  }

  private async channelReference(address: MessageAddress): Promise<StoredReference> {
    assertOnPlatform('teams', address);
    const reference = await this.references.channel(address);
    if (reference === undefined) {
      throw new StewardError(
        'NOT_FOUND',
        'Steward cannot reach this Teams conversation yet: it must be installed there or receive a message there first',
      );
    }
    return reference;
  }
}
