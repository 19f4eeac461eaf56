import type { ContextBlock, HeaderBlock, PlainTextElement } from '@slack/types';

/** Slack's limits on what a view's blocks may hold. */
export const BLOCK_LIMITS = {
  /** A plain text input's longest value. */
  textBox: 3000,
  optionText: 75,
  headerText: 150,
  contextText: 3000,
} as const;

export function plain(text: string): PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(cut(text, BLOCK_LIMITS.headerText)) };
}

export function note(mrkdwn: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: cut(mrkdwn, BLOCK_LIMITS.contextText) }] };
}

export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
