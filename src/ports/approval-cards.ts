import type { ApprovalCardView } from '../approval-rules/approval-card.js';
import type { Platform } from '../conversation/types.js';
import type { MessageAddress, PostedMessage } from './chat-messenger.js';

/**
 * Posts and updates approval cards on one platform (Slack Block Kit, Teams Adaptive Cards with
 * Universal Actions). The view model says what to show and which buttons exist; the adapter
 * renders it and routes button clicks to ApprovalInteractions. Outcomes and notices go through
 * the platform's ChatMessenger.
 */
export interface ApprovalCardMessenger {
  readonly platform: Platform;
  /** Posts a new card; the returned message is updated later as the request moves on. */
  postCard(to: MessageAddress, card: ApprovalCardView): Promise<PostedMessage>;
  /** Replaces a posted card's content with `card` (everyone who sees the message sees the change). */
  updateCard(message: PostedMessage, card: ApprovalCardView): Promise<void>;
}
