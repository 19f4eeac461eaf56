import { StewardError } from '../../src/errors.js';
import type {
  ChatMessenger,
  MessageAddress,
  OutboundMessage,
  PostedMessage,
} from '../../src/ports/chat-messenger.js';
import { assertOnPlatform } from '../../src/ports/chat-messenger.js';
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

  constructor(private readonly web: SlackWebApi) {}

  async post(to: MessageAddress, message: OutboundMessage): Promise<PostedMessage> {
    assertOnPlatform('slack', to);
    const [first, ...rest] = render(message);
    if (!first) {
      throw new StewardError('INPUT_INVALID', 'nothing to post');
    }
    const threadTs = slackThreadTs(to.threadId);
    const messageId = await this.web.postMessage(to.channelId, first, threadTs);
    for (const next of rest) {
      await this.web.postMessage(to.channelId, next, threadTs ?? messageId);
    }
    const permalink = await this.web.permalink(to.channelId, messageId);
    return { address: to, messageId, ...(permalink ? { permalink } : {}) };
  }

  /** Replaces the first message posted; content beyond one message is cut with a marker. */
  async update(message: PostedMessage, content: OutboundMessage): Promise<void> {
    assertOnPlatform('slack', message.address);
    const [first, ...rest] = render(content);
    if (!first) {
      throw new StewardError('INPUT_INVALID', 'nothing to show');
    }
    const shown: SlackMessage =
      rest.length === 0 ? first : { text: first.text, blocks: [...first.blocks, ...truncationNote()] };
    await this.web.updateMessage(message.address.channelId, message.messageId, shown);
  }

  async postPrivate(to: MessageAddress, userId: string, message: OutboundMessage): Promise<void> {
    assertOnPlatform('slack', to);
    for (const part of render(message)) {
      await this.web.postEphemeral(to.channelId, userId, part, slackThreadTs(to.threadId));
    }
  }

  /**
   * A direct message from the app (its Messages tab): posting to a user id opens that chat, with
   * no scope beyond `chat:write`, whether or not the person is in the channel it is about. It
   * opens with a link to that channel, and to the thread when it is one.
   */
  async postDirect(userId: string, about: MessageAddress, message: OutboundMessage): Promise<boolean> {
    assertOnPlatform('slack', about);
    const threadTs = slackThreadTs(about.threadId);
    const thread = threadTs !== undefined ? await this.web.permalink(about.channelId, threadTs) : undefined;
    const where = thread !== undefined ? `In <#${about.channelId}> (<${thread}|the thread>):` : `In <#${about.channelId}>:`;
    for (const [index, part] of render(message).entries()) {
      const shown: SlackMessage =
        index === 0
          ? { text: `${where} ${part.text}`, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: where }] }, ...part.blocks] }
          : part;
      await this.web.postMessage(userId, shown);
    }
    return true;
  }
}

function render(message: OutboundMessage): SlackMessage[] {
  const messages = renderAnswer({ text: message.text, citations: message.citations ?? [] }).map(
    withoutNeedlessZeroWidthSpaces,
  );
  const [first, ...rest] = messages;
  const userId = message.addressee?.userId;
  if (first === undefined || userId === undefined || !SLACK_USER_ID.test(userId)) {
    return messages;
  }
  // A real mention, added after the Markdown is converted (the converter defuses `<@...>` in text).
  const mention = `<@${userId}>`;
  const [lead, ...blocks] = first.blocks;
  const mentioned =
    lead?.type === 'section' && lead.text?.type === 'mrkdwn'
      ? [{ ...lead, text: { ...lead.text, text: `${mention} ${lead.text.text}` } }, ...blocks]
      : [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: mention } }, ...first.blocks];
  return [{ text: `${mention} ${first.text}`, blocks: mentioned }, ...rest];
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * The Markdown converter wraps every `*bold*` in zero-width spaces so that it also works inside a
 * word. Next to a space, a line end or punctuation they are not needed, and some Slack clients
 * then show the markers literally or as italics; they are removed there.
 */
function withoutNeedlessZeroWidthSpaces(message: SlackMessage): SlackMessage {
  const clean = (text: string): string =>
    text
      .replace(/(^|[\s([{"'])\u200b(?=[*_~])/gm, '$1')
      .replace(/([*_~])\u200b(?=$|[\s.,;:!?)\]}"'])/gm, '$1');
  return {
    text: clean(message.text),
    blocks: message.blocks.map((block) =>
      block.type === 'section' && block.text?.type === 'mrkdwn'
        ? { ...block, text: { ...block.text, text: clean(block.text.text) } }
        : block,
    ),
  };
}

function truncationNote(): SlackMessage['blocks'] {
  return [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '_(shortened: the full text did not fit one message)_' }],
    },
  ];
}
