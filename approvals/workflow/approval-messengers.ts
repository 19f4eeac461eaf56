import type { Platform } from '../../src/conversation/types.js';
import type { ApprovalCardMessenger } from '../../src/ports/approval-cards.js';
import type { ChatMessenger } from '../../src/ports/chat-messenger.js';

/** The card and chat messengers of every configured platform, looked up by platform. */
export class ApprovalMessengers {
  private readonly cardMessengers: ReadonlyMap<Platform, ApprovalCardMessenger>;
  private readonly chatMessengers: ReadonlyMap<Platform, ChatMessenger>;

  constructor(cards: readonly ApprovalCardMessenger[], chats: readonly ChatMessenger[]) {
    this.cardMessengers = new Map(cards.map((messenger) => [messenger.platform, messenger]));
    this.chatMessengers = new Map(chats.map((messenger) => [messenger.platform, messenger]));
  }

  cards(platform: Platform): ApprovalCardMessenger | undefined {
    return this.cardMessengers.get(platform);
  }

  chat(platform: Platform): ChatMessenger | undefined {
    return this.chatMessengers.get(platform);
  }
}
