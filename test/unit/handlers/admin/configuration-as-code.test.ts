import { describe, expect, it } from 'vitest';
import { channelSettingsSchema } from '../../../../src/channels/channel-settings.js';
import {
  apiActor,
  createAdminHarness,
  rootActor,
  sampleChannel,
  staffActor,
} from '../../../support/admin-harness.js';

const document = (channels: unknown[], admins: unknown[] = []) => ({ version: 1, admins, channels });
const entry = (channelId: string, settings: Record<string, unknown>) => ({
  platform: 'slack',
  tenantId: 'T001',
  channelId,
  settings,
});

describe('configuration as code', () => {
  it('exports what is stored, in channel order, and imports it back unchanged', async () => {
    const { useCases } = createAdminHarness();
    await useCases.changeSettings(
      apiActor,
      { ...sampleChannel, channelId: 'C2' },
      { mode: 'merge', values: { replyMode: 'all' } },
    );
    await useCases.changeSettings(
      apiActor,
      { ...sampleChannel, channelId: 'C1' },
      { mode: 'merge', values: { enabled: false } },
    );
    await useCases.addAdmin(apiActor, 'slack:U0NEW');

    const exported = await useCases.exportConfiguration(rootActor);
    if (!exported.ok) {
      throw new Error('export refused');
    }
    expect(exported.value.channels.map((channel) => channel.channelId)).toEqual(['C1', 'C2']);
    expect(exported.value.admins).toEqual(['slack:U0NEW']);
    expect(await useCases.importConfiguration(rootActor, exported.value, { dryRun: false })).toEqual({
      ok: true,
      value: { applied: false, changes: [] },
    });
  });

  it('plans only what differs, and a dry run changes nothing', async () => {
    const { useCases, settings, audit } = createAdminHarness();
    await useCases.changeSettings(
      apiActor,
      { ...sampleChannel, channelId: 'C1' },
      { mode: 'merge', values: { persona: 'Old.' } },
    );
    await useCases.changeSettings(
      apiActor,
      { ...sampleChannel, channelId: 'C2' },
      { mode: 'merge', values: { persona: 'Same.' } },
    );
    const recorded = audit.all().length;

    const plan = await useCases.importConfiguration(
      rootActor,
      document([
        entry('C1', { persona: 'New.', replyMode: 'all' }),
        entry('C2', { persona: 'Same.' }),
        entry('C3', {}),
      ]),
      { dryRun: true },
    );
    expect(plan).toMatchObject({
      ok: true,
      value: {
        applied: false,
        changes: [
          { kind: 'change', channel: { channelId: 'C1' }, settings: ['replyMode', 'persona'] },
          { kind: 'create', channel: { channelId: 'C3' } },
        ],
      },
    });
    expect((await settings.settingsFor({ ...sampleChannel, channelId: 'C1' })).persona).toBe('Old.');
    expect(await settings.get({ ...sampleChannel, channelId: 'C3' })).toBeUndefined();
    expect(audit.all()).toHaveLength(recorded);
  });

  it('audits each change with its before and after, and the import as a whole', async () => {
    const { useCases, audit } = createAdminHarness();
    await useCases.changeSettings(
      apiActor,
      { ...sampleChannel, channelId: 'C1' },
      { mode: 'merge', values: { persona: 'Old.' } },
    );
    await useCases.importConfiguration(
      rootActor,
      document([entry('C1', { persona: 'New.' })], ['slack:U0NEW']),
      { dryRun: false },
    );

    const records = audit.all().slice(1);
    expect(records.map((record) => record.action)).toEqual([
      'settings.changed',
      'admin.added',
      'config.imported',
    ]);
    expect(records[0]).toMatchObject({
      actor: rootActor,
      details: { source: 'import', version: 2, before: { persona: 'Old.' }, after: { persona: 'New.' } },
    });
    expect(records[2]).toMatchObject({ details: { change: 1, 'add-admin': 1, create: 0 } });
  });

  it('refuses a document of the wrong shape with every problem and its path', async () => {
    const { useCases } = createAdminHarness();
    const outcome = await useCases.importConfiguration(
      rootActor,
      { version: 2, channels: 'none', extra: true },
      { dryRun: false },
    );
    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'INVALID' } });
    if (outcome.ok || outcome.refusal.code !== 'INVALID') {
      throw new Error('expected INVALID');
    }
    expect(outcome.refusal.fields.map((field) => field.path).sort()).toEqual([
      'channels',
      'extra',
      'version',
    ]);
  });

  it('refuses a group id that is not of its channel’s platform, with its path in the document', async () => {
    const { useCases } = createAdminHarness();
    const outcome = await useCases.importConfiguration(
      rootActor,
      document([
        entry('C0OK', { access: { mode: 'listed', groups: ['S0HR'] } }),
        {
          platform: 'teams',
          tenantId: 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d',
          channelId: '19:x@thread.tacv2',
          settings: { approvers: { users: [], groups: ['S0HR'] } },
        },
      ]),
      { dryRun: true },
    );
    expect(outcome).toMatchObject({ ok: false, refusal: { code: 'INVALID' } });
    if (outcome.ok || outcome.refusal.code !== 'INVALID') {
      throw new Error('expected INVALID');
    }
    expect(outcome.refusal.fields.map((field) => field.path)).toEqual([
      'channels.1.settings.approvers.groups.0',
    ]);
  });

  it('refuses an import whose plan went stale, changing nothing', async () => {
    const harness = createAdminHarness();
    const channel = { ...sampleChannel, channelId: 'C1' };
    await harness.useCases.changeSettings(apiActor, channel, { mode: 'merge', values: { persona: 'Old.' } });
    // Another admin saves between the import's plan and its apply.
    const apply = harness.settings.list.bind(harness.settings);
    harness.settings.list = async (options) => {
      const page = await apply(options);
      await harness.settings.put(channel, channelSettingsSchema.parse({ persona: 'Meanwhile.' }), {
        expectedVersion: 1,
        updatedBy: apiActor,
      });
      return page;
    };
    const outcome = await harness.useCases.importConfiguration(
      rootActor,
      document([entry('C1', { persona: 'New.' }), entry('C9', {})]),
      { dryRun: false },
    );
    expect(outcome).toMatchObject({
      ok: false,
      refusal: { code: 'VERSION_CONFLICT', message: expect.stringMatching(/slack#T001#C1/) as unknown },
    });
    expect((await harness.settings.settingsFor(channel)).persona).toBe('Meanwhile.');
    expect(await harness.settings.get({ ...sampleChannel, channelId: 'C9' })).toBeUndefined();
  });

  it('is refused to a non-admin, and audited', async () => {
    const { useCases, audit } = createAdminHarness();
    expect(await useCases.importConfiguration(staffActor, document([]), { dryRun: true })).toMatchObject({
      ok: false,
      refusal: { code: 'FORBIDDEN' },
    });
    expect(await useCases.exportConfiguration(staffActor)).toMatchObject({
      ok: false,
      refusal: { code: 'FORBIDDEN' },
    });
    expect(audit.all().map((record) => record.details.attempted)).toEqual(['config.import', 'config.export']);
  });
});
