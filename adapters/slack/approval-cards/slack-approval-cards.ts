import type { ApprovalValues } from '../../../src/approval-rules/approval-values.js';
import type { ApprovalCardView } from '../../../src/approval-rules/approval-card.js';
import type { Logger } from '../../../src/logger.js';
import type { ApprovalCardMessenger } from '../../../src/ports/approval-cards.js';
import { assertOnPlatform, type MessageAddress, type PostedMessage } from '../../../src/ports/chat-messenger.js';
import { slackThreadTs } from '../slack-thread.js';
import type { SlackWebApi } from '../slack-web-api.js';
import { renderApprovalCard } from './approval-card-blocks.js';
import { CardUpdateGate } from './card-update-gate.js';

/**
 * Approval cards as Block Kit messages: posted in the requester's thread (and the approvers'
 * channel), updated in place with chat.update as the request moves on. Ordinary messages, not
 * ephemeral ones, so every copy can be updated and everyone sees the same state.
 */
export class SlackApprovalCardMessenger implements ApprovalCardMessenger {
  readonly platform = 'slack' as const;
  private readonly gate = new CardUpdateGate();

  constructor(
    private readonly web: SlackWebApi,
    private readonly logger: Logger,
    private readonly values: ApprovalValues,
  ) {}

  async postCard(to: MessageAddress, card: ApprovalCardView): Promise<PostedMessage> {
    assertOnPlatform('slack', to);
    const content = renderApprovalCard(card, this.values);
    const messageId = await this.web.postMessage(to.channelId, content, slackThreadTs(to.threadId));
    this.gate.posted(messageKey(to.channelId, messageId), card, content);
    // The link lets `/steward approvals` point at the card; the card is posted either way.
    const permalink = await this.web.permalink(to.channelId, messageId);
    return { address: to, messageId, ...(permalink ? { permalink } : {}) };
  }

  async updateCard(message: PostedMessage, card: ApprovalCardView): Promise<void> {
    assertOnPlatform('slack', message.address);
    const { channelId } = message.address;
    const content = renderApprovalCard(card, this.values);
    const written = await this.gate.update(messageKey(channelId, message.messageId), card, content, () =>
      this.web.updateMessage(channelId, message.messageId, content),
    );
    if (!written) {
      this.logger.debug(
        { channel: channelId, ts: message.messageId, state: card.state },
        'slack approval card already shows this or a later state',
      );
    }
  }
}

function messageKey(channelId: string, ts: string): string {
  return `${channelId}/${ts}`;
}
