import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AdminRef } from '../../src/admin/admin-ref.js';
import type { ChannelKey } from '../../src/channels/channel-key.js';
import { channelSettingsSchema } from '../../src/channels/channel-settings.js';
import type { Clock } from '../../src/clock.js';
import { VersionConflictError } from '../../src/errors.js';
import type { AdminStore } from '../../src/ports/admin-store.js';
import type { ChannelSettingsStore } from '../../src/ports/channel-settings-store.js';
import type { ConfigurationBatch, ConfigurationChange } from '../../src/ports/configuration-batch.js';
import { FixedClock } from '../fakes/fixed-clock.js';

export interface BatchUnderTest {
  readonly batch: ConfigurationBatch;
  readonly settings: ChannelSettingsStore;
  readonly admins: AdminStore;
}

export type MakeBatch = (clock: Clock) => BatchUnderTest | Promise<BatchUnderTest>;

const importer = { kind: 'cli', id: 'operator' } as const;
const hand = { kind: 'admin-api', id: 'someone-else' } as const;
const on = channelSettingsSchema.parse({ persona: 'Imported.' });
const before = channelSettingsSchema.parse({ persona: 'Before.' });

/** All-or-nothing application of configuration changes, below and beyond one transaction's size. */
export function configurationBatchContract(name: string, makeBatch: MakeBatch): void {
  describe(`${name} fulfils the ConfigurationBatch contract`, () => {
    async function setUp(channelCount: number) {
      const clock = new FixedClock();
      const subject = await makeBatch(clock);
      const tenantId = `T${randomUUID().slice(0, 8)}`;
      const channels: ChannelKey[] = Array.from({ length: channelCount }, (_, i) => ({
        platform: 'slack',
        tenantId,
        channelId: `C${String(i).padStart(4, '0')}`,
      }));
      return { clock, ...subject, channels };
    }

    const creations = (channels: readonly ChannelKey[]): ConfigurationChange[] =>
      channels.map((channel) => ({ kind: 'settings.put', channel, settings: on }));

    it('applies puts, deletes and admin changes together', async () => {
      const { batch, settings, admins, channels } = await setUp(3);
      const [a, b, c] = channels as [ChannelKey, ChannelKey, ChannelKey];
      const existing = await settings.put(b, before, { expectedVersion: 0, updatedBy: hand });
      const gone = await settings.put(c, before, { expectedVersion: 0, updatedBy: hand });
      const leaving: AdminRef = { platform: 'slack', userId: `U${randomUUID().slice(0, 6).toUpperCase()}` };
      const joining: AdminRef = { platform: 'slack', userId: `U${randomUUID().slice(0, 6).toUpperCase()}` };
      await admins.add(leaving, hand);
      const leavingBefore = (await admins.list()).find((stored) => stored.admin.userId === leaving.userId);

      await batch.apply(
        [
          { kind: 'settings.put', channel: a, settings: on },
          { kind: 'settings.put', channel: b, settings: on, before: existing },
          { kind: 'settings.delete', channel: c, before: gone },
          { kind: 'admin.add', admin: joining },
          ...(leavingBefore
            ? [{ kind: 'admin.remove', admin: leaving, before: leavingBefore } as const]
            : []),
        ],
        importer,
      );

      expect(await settings.get(a)).toMatchObject({ settings: on, version: 1, updatedBy: importer });
      expect(await settings.get(b)).toMatchObject({ settings: on, version: 2 });
      expect(await settings.get(c)).toBeUndefined();
      expect(await admins.isAdmin(joining)).toBe(true);
      expect(await admins.isAdmin(leaving)).toBe(false);
    });

    it('changes nothing when one change no longer holds', async () => {
      const { batch, settings, channels } = await setUp(3);
      const [a, b] = channels as [ChannelKey, ChannelKey];
      const planned = await settings.put(b, before, { expectedVersion: 0, updatedBy: hand });
      await settings.put(b, before, { expectedVersion: 1, updatedBy: hand });

      const attempt = batch.apply(
        [
          { kind: 'settings.put', channel: a, settings: on },
          { kind: 'settings.put', channel: b, settings: on, before: planned },
        ],
        importer,
      );
      await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
      await expect(attempt).rejects.toThrow(new RegExp(`channel slack#${b.tenantId}#${b.channelId}`));
      expect(await settings.get(a)).toBeUndefined();
      expect(await settings.get(b)).toMatchObject({ version: 2, settings: before });
    });

    it('applies more changes than one transaction holds', async () => {
      const { batch, settings, channels } = await setUp(230);
      await batch.apply(creations(channels), importer);
      for (const channel of [channels[0], channels[150], channels[229]]) {
        expect((await settings.get(channel as ChannelKey))?.settings).toEqual(on);
      }
    });

    it('beyond one transaction, a refused change late in the batch leaves everything as it was', async () => {
      const { batch, settings, channels } = await setUp(230);
      const late = channels[210] as ChannelKey;
      const edited = channels[20] as ChannelKey;
      const plannedEdit = await settings.put(edited, before, { expectedVersion: 0, updatedBy: hand });
      // Someone configures a channel the import planned to create, after the plan was made.
      await settings.put(late, before, { expectedVersion: 0, updatedBy: hand });

      const changes = creations(channels).map((change) =>
        change.kind === 'settings.put' && change.channel.channelId === edited.channelId
          ? { ...change, before: plannedEdit }
          : change,
      );
      await expect(batch.apply(changes, importer)).rejects.toBeInstanceOf(VersionConflictError);

      expect(await settings.get(channels[0] as ChannelKey)).toBeUndefined();
      expect(await settings.get(channels[199] as ChannelKey)).toBeUndefined();
      expect((await settings.get(edited))?.settings).toEqual(before);
      expect(await settings.get(late)).toMatchObject({ version: 1, settings: before, updatedBy: hand });
      const remaining = (await settings.list({ limit: 1000 })).items.filter(
        (item) => item.channel.tenantId === late.tenantId,
      );
      expect(remaining.map((item) => item.channel.channelId).sort()).toEqual([
        edited.channelId,
        late.channelId,
      ]);
    });
  });
}
