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
  const blocks = isRecord(value) && Array.isArray(value.elements) ? (value.elements as unknown[]) : [];
  const lines = blocks.flatMap((block) => {
    const parts = isRecord(block) && block.type === 'rich_text_list' ? block.elements : [block];
    return (Array.isArray(parts) ? (parts as unknown[]) : []).flatMap((part) =>
      isRecord(part) && Array.isArray(part.elements) ? [inlineText(part.elements as unknown[])] : [],
    );
  });
  return lines.join('\n').replace(/\n{2,}/gu, '\n');
}

function inlineText(elements: readonly unknown[]): string {
  return elements.map(elementText).join('').replace(/\n$/u, '');
}

/** Each inline element's text, given how to read one of its string fields. */
const ELEMENT_TEXT = new Map<string, (field: (key: string) => string) => string>([
  ['text', (field) => field('text')],
  ['user', (field) => `<@${field('user_id')}>`],
  ['usergroup', (field) => `<!subteam^${field('usergroup_id')}>`],
  ['channel', (field) => `<#${field('channel_id')}>`],
  ['link', (field) => field('text') || field('url')],
  ['emoji', (field) => `:${field('name')}:`],
  ['broadcast', (field) => `@${field('range')}`],
  ['date', (field) => field('fallback')],
]);

function elementText(element: unknown): string {
  if (!isRecord(element) || typeof element.type !== 'string') {
    return '';
  }
  const read = ELEMENT_TEXT.get(element.type);
  return read?.((key) => (typeof element[key] === 'string' ? element[key] : '')) ?? '';
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
