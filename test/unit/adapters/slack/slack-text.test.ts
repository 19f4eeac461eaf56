import { describe, expect, it } from 'vitest';
import { mentionedPeople, mentionsUser, toPlainText } from '../../../../adapters/slack/inbound/slack-text.js';

describe('Slack message text to plain text', () => {
  it('drops the bot’s mention and keeps other references readable', () => {
    const text = '<@UBOT> can <@U123|ann> see <#C42|it-help> or <https://wiki.example.com/vpn|the VPN page>?';
    expect(toPlainText(text, 'UBOT')).toBe(
      'can @ann see #it-help or the VPN page (https://wiki.example.com/vpn)?',
    );
  });

  it('decodes Slack’s entities and leaves bare links as links', () => {
    expect(toPlainText('is 1 &lt; 2 &amp;&amp; 3 &gt; 2? see <https://example.com>', 'UBOT')).toBe(
      'is 1 < 2 && 3 > 2? see https://example.com',
    );
  });

  it('names special mentions and user groups instead of their codes', () => {
    expect(
      toPlainText('<!here> ask <!subteam^S0SEC|security-team> via <mailto:a@b.example|a@b.example>', 'UBOT'),
    ).toBe('@here ask @security-team via a@b.example');
  });

  it('recognises a mention with or without a label', () => {
    expect(mentionsUser('hi <@UBOT>', 'UBOT')).toBe(true);
    expect(mentionsUser('hi <@UBOT|steward>', 'UBOT')).toBe(true);
    expect(mentionsUser('hi <@UBOTX>', 'UBOT')).toBe(false);
  });

  it('lists the people mentioned besides the bot, as the plain text or the markup reads them', () => {
    const text = '<@UBOT> grant <@U0ALICE> and <@U0BOB|bob> access, <@U0ALICE> first';
    expect(toPlainText(text, 'UBOT')).toBe('grant @U0ALICE and @bob access, @U0ALICE first');
    expect(mentionedPeople(text, 'UBOT')).toEqual([{ id: 'U0ALICE' }, { id: 'U0BOB', label: '@bob' }]);
    expect(mentionedPeople(text, 'UBOT', 'markup')).toEqual([
      { id: 'U0ALICE', label: '<@U0ALICE>' },
      { id: 'U0BOB', label: '<@U0BOB|bob>' },
    ]);
  });
});
