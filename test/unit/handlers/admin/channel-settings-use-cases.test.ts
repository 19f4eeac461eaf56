import { describe, expect, it } from 'vitest';
import { defaultChannelSettings } from '../../../../src/channels/channel-settings.js';
import {
  apiActor,
  createAdminHarness,
  rootActor,
  sampleChannel,
  staffActor,
} from '../../../support/admin-harness.js';

describe('changing channel settings', () => {
  it('opens an unconfigured channel with the defaults at version 0', async () => {
    const { useCases } = createAdminHarness();
    const outcome = await useCases.settingsForEditing(rootActor, sampleChannel);
    expect(outcome).toEqual({
      ok: true,
      value: { channel: sampleChannel, settings: defaultChannelSettings(), configured: false, version: 0 },
    });
  });

  it('saves a change, audits who, when, before and after, and tells the cache', async () => {
    const { clock, useCases, audit, changed } = createAdminHarness();
    const outcome = await useCases.changeSettings(rootActor, sampleChannel, {
      mode: 'merge',
      values: { enabled: false, persona: 'Formal tone.' },
      expectedVersion: 0,
    });

    expect(outcome).toMatchObject({
      ok: true,
      value: { configured: true, version: 1, updatedBy: rootActor },
    });
    expect(await useCases.settingsForEditing(rootActor, sampleChannel)).toMatchObject({
      ok: true,
      value: { version: 1, settings: { enabled: false, persona: 'Formal tone.' } },
    });
    const records = audit.all();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      actor: rootActor,
      at: clock.now(),
      action: 'settings.changed',
      channel: sampleChannel,
      details: {
        mode: 'merge',
        version: 1,
        before: null,
        after: { ...defaultChannelSettings(), enabled: false, persona: 'Formal tone.' },
      },
    });
    expect(changed).toEqual([sampleChannel]);
  });

  it('merges a partial update into the current settings; null returns an optional setting to its default', async () => {
    const { useCases, settings } = createAdminHarness();
    await useCases.changeSettings(apiActor, sampleChannel, {
      mode: 'replace',
      values: { replyMode: 'all', persona: 'Brief.', userMessagesPerMinute: 5 },
    });
    await useCases.changeSettings(apiActor, sampleChannel, {
      mode: 'merge',
      values: { persona: null, access: { mode: 'listed', groups: ['S0HR'] } },
    });
    expect(await settings.settingsFor(sampleChannel)).toEqual({
      ...defaultChannelSettings(),
      replyMode: 'all',
      userMessagesPerMinute: 5,
      access: { mode: 'listed', users: [], groups: ['S0HR'] },
    });
  });

  it('refuses group ids of another platform than the channel’s, with the schema’s problems, saving nothing', async () => {
    const { useCases, settings } = createAdminHarness();
    const teamsChannel = {
      platform: 'teams' as const,
      tenantId: 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d',
      channelId: '19:x@thread.tacv2',
    };
    const entraGroup = '0b6f3a2c-1d4e-4f5a-8b9c-7d6e5f4a3b2c';

    const refused = await useCases.changeSettings(apiActor, teamsChannel, {
      mode: 'replace',
      values: { retentionDays: 0, access: { mode: 'listed', groups: [entraGroup, 'S0HR'] } },
    });
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'INVALID' } });
    expect(!refused.ok && refused.refusal.code === 'INVALID' ? refused.refusal.fields : []).toEqual([
      { path: 'retentionDays', setting: 'retentionDays', message: 'must be at least 1' },
      {
        path: 'access.groups.1',
        setting: 'access',
        message: expect.stringMatching(/must be a Microsoft Entra group object id/) as unknown,
      },
    ]);
    expect(await settings.get(teamsChannel)).toBeUndefined();

    const slackRefused = await useCases.changeSettings(apiActor, sampleChannel, {
      mode: 'merge',
      values: { approvers: { groups: [entraGroup] } },
    });
    expect(slackRefused).toMatchObject({ ok: false, refusal: { code: 'INVALID' } });

    expect(
      await useCases.changeSettings(apiActor, teamsChannel, {
        mode: 'replace',
        values: { access: { mode: 'listed', groups: [entraGroup] } },
      }),
    ).toMatchObject({ ok: true });
  });

  it('a full replace drops what the new settings do not name', async () => {
    const { useCases, settings } = createAdminHarness();
    await useCases.changeSettings(apiActor, sampleChannel, {
      mode: 'replace',
      values: { persona: 'Brief.' },
    });
    await useCases.changeSettings(apiActor, sampleChannel, { mode: 'replace', values: { enabled: false } });
    expect(await settings.settingsFor(sampleChannel)).toEqual({
      ...defaultChannelSettings(),
      enabled: false,
    });
  });

  it('refuses invalid values field by field, saving and auditing nothing', async () => {
    const { useCases, settings, audit } = createAdminHarness();
    const outcome = await useCases.changeSettings(rootActor, sampleChannel, {
      mode: 'merge',
      values: {
        replyMode: 'sometimes',
        retentionDays: 0,
        access: { mode: 'listed', users: ['not valid!'] },
        colour: 'blue',
      },
    });

    expect(outcome.ok).toBe(false);
    if (outcome.ok || outcome.refusal.code !== 'INVALID') {
      throw new Error('expected an INVALID refusal');
    }
    expect(outcome.refusal.message).toBe('Nothing was saved: the settings have 4 problems.');
    expect(outcome.refusal.fields.map((field) => [field.path, field.setting])).toEqual(
      expect.arrayContaining([
        ['replyMode', 'replyMode'],
        ['retentionDays', 'retentionDays'],
        ['access.users.0', 'access'],
        ['colour', 'colour'],
      ]),
    );
    expect(outcome.refusal.fields.find((field) => field.path === 'colour')?.message).toBe(
      'colour is not a known setting',
    );
    expect(await settings.get(sampleChannel)).toBeUndefined();
    expect(audit.all()).toEqual([]);
  });

  it('refuses values that are not an object', async () => {
    const { useCases } = createAdminHarness();
    const outcome = await useCases.changeSettings(rootActor, sampleChannel, {
      mode: 'replace',
      values: ['enabled'],
    });
    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'INVALID', fields: [{ path: '' }] } });
  });

  it('refuses a save based on a version someone else has replaced', async () => {
    const { useCases, settings } = createAdminHarness();
    await useCases.changeSettings(rootActor, sampleChannel, {
      mode: 'merge',
      values: { persona: 'A' },
      expectedVersion: 0,
    });
    await useCases.changeSettings(apiActor, sampleChannel, {
      mode: 'merge',
      values: { persona: 'B' },
      expectedVersion: 1,
    });

    const stale = await useCases.changeSettings(rootActor, sampleChannel, {
      mode: 'merge',
      values: { persona: 'C' },
      expectedVersion: 1,
    });
    expect(stale).toMatchObject({ ok: false, refusal: { code: 'VERSION_CONFLICT', currentVersion: 2 } });
    expect((await settings.settingsFor(sampleChannel)).persona).toBe('B');
  });

  it('does not write or audit a change that changes nothing', async () => {
    const { useCases, audit } = createAdminHarness();
    await useCases.changeSettings(rootActor, sampleChannel, { mode: 'merge', values: { persona: 'A' } });
    const again = await useCases.changeSettings(rootActor, sampleChannel, {
      mode: 'merge',
      values: { persona: 'A' },
    });
    expect(again).toMatchObject({ ok: true, value: { version: 1 } });
    expect(audit.all()).toHaveLength(1);
  });

  it('resets a channel to the defaults, audited, and says when there was nothing to reset', async () => {
    const { useCases, audit, settings } = createAdminHarness();
    expect(await useCases.resetSettings(rootActor, sampleChannel)).toMatchObject({
      ok: false,
      refusal: { code: 'NOT_FOUND' },
    });
    await useCases.changeSettings(rootActor, sampleChannel, { mode: 'merge', values: { enabled: false } });

    expect(await useCases.resetSettings(rootActor, sampleChannel, 1)).toMatchObject({
      ok: true,
      value: { configured: false, version: 0 },
    });
    expect(await settings.get(sampleChannel)).toBeUndefined();
    expect(audit.all().at(-1)).toMatchObject({
      action: 'settings.reset',
      details: { before: { enabled: false }, after: null },
    });
  });

  it('lists configured channels', async () => {
    const { useCases } = createAdminHarness();
    await useCases.changeSettings(rootActor, sampleChannel, { mode: 'merge', values: { enabled: false } });
    const listed = await useCases.listChannelSettings(rootActor, {});
    expect(listed).toMatchObject({ ok: true, value: { items: [{ channel: sampleChannel, version: 1 }] } });
    expect(await useCases.listChannelSettings(rootActor, { cursor: '!!' })).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID', fields: [{ path: 'cursor' }] },
    });
  });
});

describe('a person who is not an admin', () => {
  it('is refused every admin action, and each attempt is audited', async () => {
    const { useCases, audit, settings } = createAdminHarness();
    const attempts = [
      useCases.settingsForEditing(staffActor, sampleChannel),
      useCases.changeSettings(staffActor, sampleChannel, { mode: 'merge', values: { enabled: false } }),
      useCases.resetSettings(staffActor, sampleChannel),
      useCases.listChannelSettings(staffActor, {}),
      useCases.readAuditLog(staffActor, {}),
      useCases.listAdmins(staffActor),
      useCases.addAdmin(staffActor, 'slack:U0STAFF'),
      useCases.removeAdmin(staffActor, 'slack:U0ROOT'),
    ];
    for (const outcome of await Promise.all(attempts)) {
      expect(outcome).toMatchObject({
        ok: false,
        refusal: { code: 'FORBIDDEN', message: expect.stringMatching(/Only Steward admins/) as unknown },
      });
    }
    expect(await settings.get(sampleChannel)).toBeUndefined();
    const refusals = audit.all().filter((record) => record.action === 'admin.refused');
    expect(refusals).toHaveLength(attempts.length);
    expect(refusals[1]).toMatchObject({
      actor: staffActor,
      channel: sampleChannel,
      details: { attempted: 'settings.change' },
    });
  });

  it('cannot pass as an admin from another platform with the same id', async () => {
    const { useCases } = createAdminHarness();
    expect(await useCases.isAdmin({ kind: 'user', id: 'U0ROOT', platform: 'teams' })).toBe(false);
    expect(await useCases.isAdmin({ kind: 'system', id: 'U0ROOT' })).toBe(false);
    expect(await useCases.isAdmin(rootActor)).toBe(true);
  });
});
