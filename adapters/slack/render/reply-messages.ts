import type { Button, KnownBlock } from '@slack/types';
import type { Citation, Turn } from '../../../src/conversation/types.js';
import type { AnswerHandle, ButtonValueSigner } from '../button-value.js';
import { SLACK_IDS, SLACK_LIMITS } from '../slack-ids.js';
import type { SlackMessage } from '../slack-web-api.js';
import { actionsBlock, button, citationsBlock, contextBlock, sectionBlocks, withTrailer } from './blocks.js';
import { escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.js';
import { splitMrkdwn } from './split-mrkdwn.js';

export interface RenderableAnswer {
  readonly text: string;
  readonly citations: readonly Citation[];
  /** False when the question was not answered: the citations are then only possibly related. */
  readonly found?: boolean;
}

export interface AnswerButtons {
  readonly signer: ButtonValueSigner;
  readonly handle: AnswerHandle;
  /** Adds "Share in channel" (for answers only the asker can see). */
  readonly shareable: boolean;
}

/**
 * An answer as one or more messages: the text split to Slack's limits, then on the last message
 * the numbered sources and, when `buttons` is given, 👍/👎 (and Share) buttons whose values are
 * signed.
 */
export function renderAnswer(answer: RenderableAnswer, buttons?: AnswerButtons): SlackMessage[] {
  const trailer = [
    citationsBlock(answer.citations, answer.found ?? true),
    buttons ? answerActions(buttons) : undefined,
  ];
  return messagesFrom(markdownToMrkdwn(answer.text, answer.citations), trailer);
}

/** A private answer someone chose to show the channel, with who asked what. */
export function renderSharedAnswer(turn: Turn, sharedBy: string): SlackMessage[] {
  const intro = `<@${sharedBy}> shared an answer to: _${escapeMrkdwn(turn.question.slice(0, 300))}_`;
  const messages = renderAnswer({ text: turn.answer, citations: turn.citations, found: turn.found });
  const [first, ...rest] = messages;
  if (!first) {
    return [];
  }
  return [{ text: first.text, blocks: [contextBlock(intro), ...first.blocks] }, ...rest];
}

export function renderNotice(markdown: string): SlackMessage {
  return mrkdwnMessage(markdownToMrkdwn(markdown));
}

/** A message from mrkdwn the adapter wrote itself (it may mention people on purpose). */
export function mrkdwnMessage(mrkdwn: string): SlackMessage {
  return { text: fallbackText(mrkdwn), blocks: sectionBlocks(mrkdwn) };
}

/** A failure, kind in wording, with the reference id support will find in the logs. */
export function renderError(text: string, referenceId: string): SlackMessage {
  const mrkdwn = `:warning: ${escapeMrkdwn(text)}`;
  return {
    text: fallbackText(mrkdwn),
    blocks: [
      ...sectionBlocks(mrkdwn),
      contextBlock(
        `Reference \`${escapeMrkdwn(referenceId)}\`: mention it if you ask your support team about this.`,
      ),
    ],
  };
}

export const WORKING_TEXT = 'Looking that up…';

/** The placeholder shown while an answer is prepared; updated in place with the answer. */
export function renderWorking(): SlackMessage {
  return { text: WORKING_TEXT, blocks: [contextBlock(`:hourglass_flowing_sand: ${WORKING_TEXT}`)] };
}

/** Shown when a question waits for a free worker; replaced by the placeholder, then the answer. */
export function renderQueued(): SlackMessage {
  const text = 'Many questions are being answered right now; yours is queued and will be answered shortly.';
  return { text, blocks: [contextBlock(`:hourglass: ${text}`)] };
}

/** An answer still being written: as much as fits one message, marked as unfinished. */
export function renderProgress(textSoFar: string): SlackMessage {
  const [head = ''] = splitMrkdwn(markdownToMrkdwn(textSoFar) || '…', SLACK_LIMITS.messageText - 2);
  return {
    text: fallbackText(head),
    blocks: [...sectionBlocks(head), contextBlock(':hourglass_flowing_sand: _Still writing…_')],
  };
}

function answerActions({ signer, handle, shareable }: AnswerButtons): KnownBlock {
  const buttons: Button[] = [
    button(SLACK_IDS.feedbackUp, '👍 Helpful', signer.sign('feedback', handle)),
    button(SLACK_IDS.feedbackDown, '👎 Not helpful', signer.sign('feedback', handle)),
  ];
  if (shareable) {
    buttons.unshift(
      button(SLACK_IDS.shareAnswer, 'Share in channel', signer.sign('share', handle), 'primary'),
    );
  }
  return actionsBlock(SLACK_IDS.feedbackBlock, buttons);
}

function messagesFrom(mrkdwn: string, trailer: readonly (KnownBlock | undefined)[]): SlackMessage[] {
  const chunks = splitMrkdwn(mrkdwn || '…', SLACK_LIMITS.messageText);
  return chunks.map((chunk, index) => {
    const blocks = sectionBlocks(chunk);
    const isLast = index === chunks.length - 1;
    return { text: fallbackText(chunk), blocks: isLast ? withTrailer(blocks, trailer) : blocks };
  });
}

/** The notification and screen-reader text Slack shows where blocks cannot be shown. */
function fallbackText(mrkdwn: string): string {
  return mrkdwn.length <= SLACK_LIMITS.messageText
    ? mrkdwn
    : `${mrkdwn.slice(0, SLACK_LIMITS.messageText - 1)}…`;
}
