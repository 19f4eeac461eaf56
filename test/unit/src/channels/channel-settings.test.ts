import { describe, expect, it } from 'vitest';
import { channelSettingsSchema, defaultChannelSettings } from '../../../../src/channels/channel-settings.js';

describe('channel settings', () => {
  it('gives a channel nobody configured working defaults', () => {
    expect(defaultChannelSettings()).toEqual({
      enabled: true,
      replyMode: 'mentions',
      knowledge: { kind: 'default' },
      actions: [],
      approvers: { users: [], groups: [] },
      access: { mode: 'everyone' },
      personalData: 'mask',
    });
  });

  it('accepts a full configuration', () => {
    const parsed = channelSettingsSchema.parse({
      replyMode: 'all',
      knowledge: { kind: 'bedrock', knowledgeBaseId: 'ABCDEFGHIJ', filter: { equals: { key: 'team', value: 'hr' } } },
      guardrail: { id: 'gr-1', version: '2' },
      actions: [{ actionId: 'grant-access', approvers: { users: ['U1'], groups: ['S1'] }, quorum: 2, expiryHours: 4 }],
      approversChannelId: 'C0APPROVE',
      access: { mode: 'listed', users: ['U1', 'U2'] },
      userMessagesPerMinute: 10,
    });
    expect(parsed.actions[0]).toMatchObject({ actionId: 'grant-access', quorum: 2 });
    expect(parsed.access).toEqual({ mode: 'listed', users: ['U1', 'U2'], groups: [] });
  });

  it('names every problem of an invalid change', () => {
    const result = channelSettingsSchema.safeParse({
      replyMode: 'sometimes',
      knowledge: { kind: 'bedrock', knowledgeBaseId: 'short' },
      actions: [{ actionId: 'Grant Access!' }, { actionId: 'a', quorum: -1 }, { actionId: 'a' }],
      unknownSetting: true,
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(['replyMode', 'knowledge.knowledgeBaseId', 'actions.0.actionId', 'actions.1.quorum', '']),
    );
  });

  it('refuses an action listed twice', () => {
    const result = channelSettingsSchema.safeParse({ actions: [{ actionId: 'open-ticket' }, { actionId: 'open-ticket' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/listed twice/);
  });
});
