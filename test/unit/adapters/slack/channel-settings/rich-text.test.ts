import { describe, expect, it } from 'vitest';
import { richTextToText, textToRichText } from '../../../../../adapters/slack/channel-settings/rich-text.js';

describe('the actions box’s rich text', () => {
  it('reads mentions as Slack tokens and keeps the lines', () => {
    const value = {
      type: 'rich_text',
      block_id: 'x1',
      elements: [
        {
          type: 'rich_text_section',
          elements: [
            { type: 'text', text: 'restart-service | approvers: ' },
            { type: 'user', user_id: 'U0ANN' },
            { type: 'text', text: ' ' },
            { type: 'usergroup', usergroup_id: 'S0SRE' },
            { type: 'text', text: ' | quorum: 2\ngrant-access', style: { bold: true } },
          ],
        },
        {
          type: 'rich_text_list',
          style: 'bullet',
          elements: [
            { type: 'rich_text_section', elements: [{ type: 'text', text: 'open-ticket' }] },
            {
              type: 'rich_text_section',
              elements: [
                { type: 'link', url: 'https://example.com', text: 'reset-mfa' },
                { type: 'emoji', name: 'lock' },
              ],
            },
          ],
        },
      ],
    };
    expect(richTextToText(value)).toBe(
      'restart-service | approvers: <@U0ANN> <!subteam^S0SRE> | quorum: 2\ngrant-access\nopen-ticket\nreset-mfa:lock:',
    );
  });

  it('writes text with tokens as rich text Slack shows with names', () => {
    const text = 'restart-service | approvers: <@U0ANN> <!subteam^S0SRE>\ngrant-access';
    const value = textToRichText(text);
    expect(value.elements[0]).toEqual({
      type: 'rich_text_section',
      elements: [
        { type: 'text', text: 'restart-service | approvers: ' },
        { type: 'user', user_id: 'U0ANN' },
        { type: 'text', text: ' ' },
        { type: 'usergroup', usergroup_id: 'S0SRE' },
        { type: 'text', text: '\ngrant-access' },
      ],
    });
    expect(richTextToText(value)).toBe(text);
  });

  it('reads anything that is not rich text as empty', () => {
    expect(richTextToText(undefined)).toBe('');
    expect(richTextToText({ type: 'rich_text', elements: 'no' })).toBe('');
    expect(richTextToText({ type: 'rich_text', elements: [null, { type: 'rich_text_section' }] })).toBe('');
  });
});
