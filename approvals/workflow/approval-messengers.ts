import type { Platform } from '../../src/conversation/types.js';
import { StewardError } from '../../src/errors.js';
import type { ApprovalCardMessenger } from '../../src/ports/approval-cards.js';
import type { ChatMessenger } from '../../src/ports/chat-messenger.js';

/**
 * The card and chat messengers of every configured platform, looked up by platform. The platforms
 * are built after the workflow (they take its click entry point), so they register here; the
 * composition root then seals the registry and only after that starts the runners. A runner can
 * therefore never meet a platform that is still to come: a platform missing here is missing for
 * good, and asking for it is an error.
 */
export class ApprovalMessengers {
  private readonly cardMessengers: Map<Platform, ApprovalCardMessenger>;
  private readonly chatMessengers: Map<Platform, ChatMessenger>;
  private sealed = false;

  constructor(cards: readonly ApprovalCardMessenger[] = [], chats: readonly ChatMessenger[] = []) {
    this.cardMessengers = new Map(cards.map((messenger) => [messenger.platform, messenger]));
    this.chatMessengers = new Map(chats.map((messenger) => [messenger.platform, messenger]));
  }

  addCards(messenger: ApprovalCardMessenger): void {
    this.assertOpen(messenger.platform);
    this.cardMessengers.set(messenger.platform, messenger);
  }

  addChat(messenger: ChatMessenger): void {
    this.assertOpen(messenger.platform);
    this.chatMessengers.set(messenger.platform, messenger);
  }

  /** Every platform has registered; called before any runner starts. */
  seal(): void {
    this.sealed = true;
  }

  isSealed(): boolean {
    return this.sealed;
  }

  /** Undefined for a platform that shows no cards (the terminal): proposals are refused there. */
  cards(platform: Platform): ApprovalCardMessenger | undefined {
    return this.cardMessengers.get(platform);
  }

  /** For a request, which exists only where its cards were shown: a missing messenger is a wiring error. */
  requireCards(platform: Platform): ApprovalCardMessenger {
    return this.cardMessengers.get(platform) ?? missing('card', platform);
  }

  requireChat(platform: Platform): ChatMessenger {
    return this.chatMessengers.get(platform) ?? missing('chat', platform);
  }

  private assertOpen(platform: Platform): void {
    if (this.sealed) {
      throw new StewardError(
        'INTERNAL',
        `The ${platform} messengers were registered after the approval runners started; register every platform first`,
      );
    }
  }
}

function missing(kind: 'card' | 'chat', platform: Platform): never {
  throw new StewardError(
    'INTERNAL',
    `No ${kind} messenger is registered for ${platform}, so its approval cards cannot be updated`,
  );
}
