import type { RichTextBlock, RichTextElement } from '@slack/types';
import { isRecord } from '../request-body.js';

/*
 * The actions box is a rich text input, so admins name approvers the way they mention anyone in
 * Slack (@ and pick from the list) and see names, not ids. The adapter works on its text with
 * Slack's mention tokens (`<@U123>`, `<!subteam^S123>`), one line per line of the box.
 */

const MENTION = /<@([UW][A-Z0-9]+)>|<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>/gu;

/** The box's content as text with mention tokens; each paragraph, list item or quote is a line. */
export function richTextToText(value: unknown): string {
  if (!isRecord(value) || !Array.isArray(value.elements)) {
    return '';
  }
  const lines: string[] = [];
  for (const block of value.elements as unknown[]) {
    if (!isRecord(block) || !Array.isArray(block.elements)) {
      continue;
    }
    if (block.type === 'rich_text_list') {
      for (const item of block.elements as unknown[]) {
        if (isRecord(item) && Array.isArray(item.elements)) {
          lines.push(inlineText(item.elements as unknown[]));
        }
      }
    } else {
      lines.push(inlineText(block.elements as unknown[]));
    }
  }
  return lines.join('\n').replace(/\n{2,}/gu, '\n');
}

function inlineText(elements: readonly unknown[]): string {
  return elements.map(elementText).join('').replace(/\n$/u, '');
}

function elementText(element: unknown): string {
  if (!isRecord(element)) {
    return '';
  }
  const text = (key: string): string => (typeof element[key] === 'string' ? element[key] : '');
  switch (element.type) {
    case 'text':
      return text('text');
    case 'user':
      return `<@${text('user_id')}>`;
    case 'usergroup':
      return `<!subteam^${text('usergroup_id')}>`;
    case 'channel':
      return `<#${text('channel_id')}>`;
    case 'link':
      return text('text') || text('url');
    case 'emoji':
      return `:${text('name')}:`;
    case 'broadcast':
      return `@${text('range')}`;
    case 'date':
      return text('fallback');
    default:
      return '';
  }
}

/** Text with mention tokens as the initial value of a rich text input. */
export function textToRichText(text: string): RichTextBlock {
  const elements: RichTextElement[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    if (match.index > last) {
      elements.push({ type: 'text', text: text.slice(last, match.index) });
    }
    const [, userId, groupId] = match;
    if (userId !== undefined) {
      elements.push({ type: 'user', user_id: userId });
    } else if (groupId !== undefined) {
      elements.push({ type: 'usergroup', usergroup_id: groupId });
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) {
    elements.push({ type: 'text', text: text.slice(last) });
  }
  return {
    type: 'rich_text',
    elements: [{ type: 'rich_text_section', elements }],
  };
}
