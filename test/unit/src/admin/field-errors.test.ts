import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../../../src/admin/field-errors.js';
import { channelSettingsSchema } from '../../../../src/channels/channel-settings.js';

function problems(input: unknown): Record<string, string> {
  const result = channelSettingsSchema.safeParse(input);
  if (result.success) {
    throw new Error('expected invalid settings');
  }
  return Object.fromEntries(fieldErrorsOf(result.error).map((field) => [field.path, field.message]));
}

describe('field errors', () => {
  it('says in plain words what each invalid setting must be', () => {
    expect(
      problems({
        enabled: 'yes',
        replyMode: 'loud',
        knowledge: { kind: 'bedrock' },
        modelId: '',
        persona: 'x'.repeat(2001),
        actions: [{ actionId: 'a', quorum: 1.5 }],
        approvers: { users: 'U1' },
        retentionDays: 0,
        access: { mode: 'some' },
        userMessagesPerMinute: 601,
        approversChannelId: '#general',
        colour: 'blue',
      }),
    ).toEqual({
      enabled: 'must be true or false',
      replyMode: 'must be one of: mentions, all',
      'knowledge.knowledgeBaseId': 'is required',
      modelId: 'must not be empty',
      persona: 'must be at most 2000 characters',
      'actions.0.quorum': 'must be a whole number',
      'approvers.users': 'must be a list',
      retentionDays: 'must be at least 1',
      'access.mode': 'must be one of: everyone, listed',
      userMessagesPerMinute: 'must be at most 600',
      approversChannelId: 'must be a channel id (letters, digits, _ . : @ -)',
      colour: 'colour is not a known setting',
    });
  });

  it('names the top-level setting each problem belongs to, for forms with one input per setting', () => {
    const result = channelSettingsSchema.safeParse({ access: { mode: 'listed', users: ['bad id!'] } });
    expect(result.success ? [] : fieldErrorsOf(result.error)).toEqual([
      { path: 'access.users.0', setting: 'access', message: 'must be a platform id (letters, digits, _ . : @ -)' },
    ]);
  });
});
