import type { Reply } from '../../../src/conversation/reply.js';
import type { OutboundMessage } from '../../../src/ports/chat-messenger.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  answerCard,
  type AdaptiveCard,
  type AnswerCardContent,
} from './answer-card.js';
import { MESSAGE_CONTENT_BUDGET_BYTES, jsonBytes, truncate } from './message-limits.js';
import { splitText } from './split-text.js';

/** A message activity as Steward sends it; the outbound side adds the addressing. */
export interface OutgoingMessage {
  readonly type: 'message';
  readonly text?: string;
  readonly textFormat?: 'markdown';
  readonly summary?: string;
  readonly attachments?: ReadonlyArray<{ readonly contentType: string; readonly content: AdaptiveCard }>;
}

const SUMMARY_MAX_CHARS = 100;

/** The messages that show a core reply in Teams, in order; none for a duplicate delivery or a posted card. */
export function replyMessages(reply: Reply, thread?: { readonly threadId?: string }): OutgoingMessage[] {
  switch (reply.kind) {
    case 'answer':
      return answerMessages({
        text: reply.text,
        citations: reply.citations,
        found: reply.found,
        feedback: {
          turnId: reply.turnId,
          ...(thread?.threadId !== undefined ? { threadId: thread.threadId } : {}),
        },
      });
    case 'notice':
      return textMessages(reply.text);
    case 'error':
      return [errorMessage(reply.text, reply.referenceId)];
    case 'duplicate':
      return [];
    case 'card-posted':
      // The approval workflow already posted this card through the approval card messenger.
      return [];
  }
}

/** A proactive post: a card when it cites sources, plain Markdown otherwise. */
export function outboundMessages(message: OutboundMessage): OutgoingMessage[] {
  // Mentions need the person's Teams id and name in an entity; their name is enough to say whom it is for.
  const name = message.addressee?.name;
  const text = name !== undefined && name !== '' ? `${name}: ${message.text}` : message.text;
  if (message.citations !== undefined && message.citations.length > 0) {
    return answerMessages({ text, citations: message.citations });
  }
  return textMessages(text);
}

/** One message that replaces an earlier one: updates cannot be split, so long text is cut. */
export function replacementMessage(message: OutboundMessage): OutgoingMessage {
  const [first, ...rest] = outboundMessages(message);
  if (first !== undefined && rest.length === 0) {
    return first;
  }
  const note = '\n\n…(shortened to fit one message)';
  const text = splitText(message.text, MESSAGE_CONTENT_BUDGET_BYTES / 2, jsonBytes)[0] ?? '';
  return message.citations !== undefined && message.citations.length > 0
    ? cardMessage({ text: `${text}${note}`, citations: message.citations, snippets: false })
    : textMessage(`${text}${note}`);
}

/** A card of a command's own (a form), with the summary notifications and chat lists show. */
export function formMessage(card: AdaptiveCard, summary: string): OutgoingMessage {
  return {
    type: 'message',
    summary: truncate(summary, SUMMARY_MAX_CHARS),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
}

export function errorMessage(text: string, referenceId: string): OutgoingMessage {
  return textMessage(`${text}\n\nReference: ${referenceId}`);
}

/**
 * An answer as one card when it fits Teams' message size. When it does not, snippets go first;
 * then the text is split and its leading parts go out as Markdown messages, with the last part,
 * the sources and the feedback buttons on the card that closes the answer.
 */
export function answerMessages(content: AnswerCardContent): OutgoingMessage[] {
  const whole = cardMessage(content);
  if (jsonBytes(whole) <= MESSAGE_CONTENT_BUDGET_BYTES) {
    return [whole];
  }
  const lean: AnswerCardContent = { ...content, snippets: false };
  if (jsonBytes(cardMessage(lean)) <= MESSAGE_CONTENT_BUDGET_BYTES) {
    return [cardMessage(lean)];
  }
  const cardOverhead = jsonBytes(cardMessage({ ...lean, text: '', continued: true }));
  const lastBudget = Math.max(1_000, MESSAGE_CONTENT_BUDGET_BYTES - cardOverhead);
  const parts = splitText(content.text, MESSAGE_CONTENT_BUDGET_BYTES, jsonBytes);
  const last = parts.pop() ?? '';
  const lastParts = splitText(last, lastBudget, jsonBytes);
  const cardText = lastParts.pop() ?? '';
  return [
    ...[...parts, ...lastParts].map((part) => textMessage(part)),
    cardMessage({ ...lean, text: cardText, continued: true }),
  ];
}

function cardMessage(content: AnswerCardContent): OutgoingMessage {
  return {
    type: 'message',
    // Notifications and chat lists show the summary of a card-only message.
    summary: truncate(content.text.replace(/\s+/gu, ' ').trim(), SUMMARY_MAX_CHARS),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: answerCard(content) }],
  };
}

function textMessages(text: string): OutgoingMessage[] {
  return splitText(text, MESSAGE_CONTENT_BUDGET_BYTES, jsonBytes).map((part) => textMessage(part));
}

function textMessage(text: string): OutgoingMessage {
  return { type: 'message', text, textFormat: 'markdown' };
}
