import type { Platform } from '../../src/conversation/types.js';
import type { ApprovalCardMessenger } from '../../src/ports/approval-cards.js';
import type { ChatMessenger } from '../../src/ports/chat-messenger.js';

/**
 * The card and chat messengers of every configured platform, looked up by platform. Platforms
 * start after the workflow (they need the core it is part of), so they are added when they do.
 */
export class ApprovalMessengers {
  private readonly cardMessengers: Map<Platform, ApprovalCardMessenger>;
  private readonly chatMessengers: Map<Platform, ChatMessenger>;

  constructor(cards: readonly ApprovalCardMessenger[] = [], chats: readonly ChatMessenger[] = []) {
    this.cardMessengers = new Map(cards.map((messenger) => [messenger.platform, messenger]));
    this.chatMessengers = new Map(chats.map((messenger) => [messenger.platform, messenger]));
  }

  addCards(messenger: ApprovalCardMessenger): void {
    this.cardMessengers.set(messenger.platform, messenger);
  }

  addChat(messenger: ChatMessenger): void {
    this.chatMessengers.set(messenger.platform, messenger);
  }

  cards(platform: Platform): ApprovalCardMessenger | undefined {
    return this.cardMessengers.get(platform);
  }

  chat(platform: Platform): ChatMessenger | undefined {
    return this.chatMessengers.get(platform);
  }
}
