import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { Citation } from '../../../src/conversation/types.js';
import { SLACK_LIMITS } from '../slack-ids.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { splitMrkdwn } from './split-mrkdwn.js';

/** Longest citation title shown; the document itself has the rest. */
const MAX_TITLE_CHARS = 150;

export function sectionBlocks(mrkdwn: string): SectionBlock[] {
  return splitMrkdwn(mrkdwn, SLACK_LIMITS.sectionText).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
}

export function contextBlock(mrkdwn: string): ContextBlock {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, SLACK_LIMITS.sectionText) }],
  };
}

/** Heading of the passages shown with a refusal: where to look, not where an answer came from. */
export const RELATED_HEADING = 'These passages may be related (not an answer; open them to check)';

/**
 * "[1] Title" lines, as links where the source has a URL, in a context block (small grey text).
 * For an unanswered question (`found: false`) they are the closest passages, headed as such.
 */
export function citationsBlock(citations: readonly Citation[], found = true): ContextBlock | undefined {
  if (citations.length === 0) {
    return undefined;
  }
  const lines = [...citations].sort((a, b) => a.index - b.index).map(citationLine);
  const heading = found ? '*Sources*' : `*${RELATED_HEADING}*`;
  const texts = splitMrkdwn([heading, ...lines].join('\n'), SLACK_LIMITS.sectionText);
  const shown = texts.slice(0, SLACK_LIMITS.contextElements);
  return { type: 'context', elements: shown.map((text) => ({ type: 'mrkdwn', text })) };
}

export function actionsBlock(blockId: string, buttons: readonly Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: [...buttons] };
}

export function button(actionId: string, text: string, value: string, style?: 'primary'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text, emoji: true },
    value,
    ...(style ? { style } : {}),
  };
}

export function withTrailer(
  blocks: readonly KnownBlock[],
  trailer: readonly (KnownBlock | undefined)[],
): KnownBlock[] {
  return [...blocks, ...trailer.filter((block): block is KnownBlock => block !== undefined)];
}

function citationLine(citation: Citation): string {
  const title = escapeMrkdwn(truncate(citation.title.trim() || citation.source, MAX_TITLE_CHARS));
  const marker = `[${citation.index}]`;
  if (citation.url && /^https?:\/\//i.test(citation.url)) {
    return `${marker} <${linkSafeUrl(citation.url)}|${title}>`;
  }
  const source =
    citation.source && citation.source !== citation.title ? ` · \`${escapeMrkdwn(citation.source)}\`` : '';
  return `${marker} ${title}${source}`;
}

/** Characters that would end a Slack link early are percent-encoded. */
export function linkSafeUrl(url: string): string {
  return url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
