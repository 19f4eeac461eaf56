import { describe, expect, it } from 'vitest';
import { markdownToMrkdwn } from '../../../../adapters/slack/render/mrkdwn.js';

const citation = (index: number, url?: string) => ({
  index,
  source: `doc-${index}.md`,
  title: `Doc ${index}`,
  snippet: '',
  score: 1,
  ...(url ? { url } : {}),
});

describe('Markdown to Slack mrkdwn', () => {
  it('converts emphasis, headings, lists and links', () => {
    const mrkdwn = markdownToMrkdwn(
      '## Steps\n\n1. Open **GlobalProtect**\n2. See [the guide](https://wiki.example.com/vpn)',
    );
    expect(mrkdwn).toContain('*Steps*');
    expect(mrkdwn).toContain('*GlobalProtect*');
    expect(mrkdwn).toContain('<https://wiki.example.com/vpn|the guide>');
  });

  it('turns citation markers into links where the source has a URL', () => {
    const mrkdwn = markdownToMrkdwn('Use the portal [1], see also [2].', [
      citation(1, 'https://wiki.example.com/a'),
      citation(2),
    ]);
    expect(mrkdwn).toBe('Use the portal <https://wiki.example.com/a|[1]>, see also [2].');
  });

  it('never lets quoted text notify a channel, a group or a person', () => {
    const mrkdwn = markdownToMrkdwn('Post <!channel> and <!here>, ask <!subteam^S1|ops> or <@U123>.');
    expect(mrkdwn).not.toMatch(/<[!@]/);
    expect(mrkdwn).toContain('&lt;');
  });

  it('shows angle-bracketed words as written instead of passing them to Slack as markup', () => {
    expect(markdownToMrkdwn('Ask <your manager> or see <https://wiki.example.com>.')).toBe(
      'Ask &lt;your manager&gt; or see <https://wiki.example.com|https://wiki.example.com>.',
    );
  });

  it('escapes angle brackets inside code so Slack shows them', () => {
    expect(markdownToMrkdwn('Type `ssh <host>` then:\n\n```\n<div>&</div>\n```')).toBe(
      'Type `ssh &lt;host&gt;` then:\n\n```\n&lt;div&gt;&amp;&lt;/div&gt;\n```',
    );
  });
});
