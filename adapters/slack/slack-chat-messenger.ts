import { StewardError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type {
  ChatMessenger,
  MessageAddress,
  OutboundMessage,
  PostedMessage,
} from '../../src/ports/chat-messenger.js';
import { renderAnswer } from './render/reply-messages.js';
import { slackThreadTs } from './slack-thread.js';
import type { SlackMessage, SlackWebApi } from './slack-web-api.js';

/**
 * Proactive messages in Slack (approval cards and outcomes, notices), rendered like answers:
 * Markdown to mrkdwn, numbered sources in a context block. A long message is split over several
 * posts in the same place; the first is the one returned and later updated.
 */
export class SlackChatMessenger implements ChatMessenger {
  readonly platform = 'slack' as const;

  constructor(
    private readonly web: SlackWebApi,
    private readonly logger: Logger,
  ) {}

  async post(to: MessageAddress, message: OutboundMessage): Promise<PostedMessage> {
    assertSlack(to);
    const [first, ...rest] = render(message);
    if (!first) {
      throw new StewardError('INPUT_INVALID', 'nothing to post');
    }
    const threadTs = slackThreadTs(to.threadId);
    const messageId = await this.web.postMessage(to.channelId, first, threadTs);
    for (const next of rest) {
      await this.web.postMessage(to.channelId, next, threadTs ?? messageId);
    }
    const permalink = await this.web.permalink(to.channelId, messageId).catch((error: unknown) => {
      // The link is a convenience; the message is posted either way.
      this.logger.warn({ err: error, channel: to.channelId }, 'slack permalink unavailable');
      return undefined;
    });
    return { address: to, messageId, ...(permalink ? { permalink } : {}) };
  }

  /** Replaces the first message posted; content beyond one message is cut with a marker. */
  async update(message: PostedMessage, content: OutboundMessage): Promise<void> {
    assertSlack(message.address);
    const [first, ...rest] = render(content);
    if (!first) {
      throw new StewardError('INPUT_INVALID', 'nothing to show');
    }
    const shown: SlackMessage =
      rest.length === 0 ? first : { text: first.text, blocks: [...first.blocks, ...truncationNote()] };
    await this.web.updateMessage(message.address.channelId, message.messageId, shown);
  }

  async postPrivate(to: MessageAddress, userId: string, message: OutboundMessage): Promise<void> {
    assertSlack(to);
    for (const part of render(message)) {
      await this.web.postEphemeral(to.channelId, userId, part, slackThreadTs(to.threadId));
    }
  }
}

function render(message: OutboundMessage): SlackMessage[] {
  return renderAnswer({ text: message.text, citations: message.citations ?? [] });
}

function truncationNote(): SlackMessage['blocks'] {
  return [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '_(shortened: the full text did not fit one message)_' }],
    },
  ];
}

function assertSlack(address: MessageAddress): void {
  if (address.platform !== 'slack') {
    throw new StewardError(
      'INPUT_INVALID',
      `the Slack messenger cannot reach a ${address.platform} conversation`,
    );
  }
}
