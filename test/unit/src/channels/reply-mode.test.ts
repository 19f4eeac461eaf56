import { describe, expect, it } from 'vitest';
import { channelSettingsSchema } from '../../../../src/channels/channel-settings.js';
import { answersUnaddressed } from '../../../../src/channels/reply-mode.js';

describe('answering messages that do not address the bot', () => {
  it('happens only where the bot is on and the reply mode is all', () => {
    const settings = (input: Parameters<typeof channelSettingsSchema.parse>[0]) =>
      channelSettingsSchema.parse(input);
    expect(answersUnaddressed(settings({}))).toBe(false);
    expect(answersUnaddressed(settings({ replyMode: 'mentions' }))).toBe(false);
    expect(answersUnaddressed(settings({ replyMode: 'all' }))).toBe(true);
    expect(answersUnaddressed(settings({ replyMode: 'all', enabled: false }))).toBe(false);
  });
});
