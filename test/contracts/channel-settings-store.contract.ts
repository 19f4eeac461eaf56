import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { ChannelKey } from '../../src/channels/channel-key.js';
import { channelSettingsSchema, defaultChannelSettings } from '../../src/channels/channel-settings.js';
import { VersionConflictError } from '../../src/errors.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { ChannelSettingsStore, StoredChannelSettings } from '../../src/ports/channel-settings-store.js';
import { FixedClock } from '../fakes/fixed-clock.js';

export type MakeChannelSettingsStore = (clock: Clock) => ChannelSettingsStore | Promise<ChannelSettingsStore>;

const admin: AuditActor = { kind: 'user', id: 'U0ADMIN', platform: 'slack' };

/** The behaviour every ChannelSettingsStore must show, whatever keeps the settings. */
export function channelSettingsStoreContract(name: string, makeStore: MakeChannelSettingsStore): void {
  describe(`${name} fulfils the ChannelSettingsStore contract`, () => {
    async function setUp() {
      const clock = new FixedClock();
      const store = await makeStore(clock);
      // A platform tenant of its own, so implementations may share one table between tests.
      const tenantId = `T${randomUUID().slice(0, 8)}`;
      const channel = (channelId = 'C1'): ChannelKey => ({ platform: 'slack', tenantId, channelId });
      return { clock, store, channel, tenantId };
    }

    const sample = channelSettingsSchema.parse({
      replyMode: 'all',
      persona: 'Answer briefly.',
      access: { mode: 'listed', users: ['U1'], groups: ['S1'] },
      actions: [{ actionId: 'open-ticket', quorum: 1 }],
      retentionDays: 30,
      userMessagesPerMinute: 5,
    });

    it('answers the defaults for a channel nobody configured', async () => {
      const { store, channel } = await setUp();
      expect(await store.get(channel())).toBeUndefined();
      expect(await store.settingsFor(channel())).toEqual(defaultChannelSettings());
    });

    it('saves the first version and reads it back with who saved it and when', async () => {
      const { clock, store, channel } = await setUp();
      const saved = await store.put(channel(), sample, { expectedVersion: 0, updatedBy: admin });

      const expected: StoredChannelSettings = {
        channel: channel(),
        settings: sample,
        version: 1,
        updatedAt: clock.now(),
        updatedBy: admin,
      };
      expect(saved).toEqual(expected);
      expect(await store.get(channel())).toEqual(expected);
      expect(await store.settingsFor(channel())).toEqual(sample);
    });

    it('keeps optional settings absent rather than storing them empty', async () => {
      const { store, channel } = await setUp();
      await store.put(channel(), defaultChannelSettings(), { expectedVersion: 0, updatedBy: admin });
      const stored = await store.get(channel());
      expect(stored?.settings).toEqual(defaultChannelSettings());
      expect(Object.keys(stored?.settings ?? {})).not.toContain('persona');
    });

    it('counts versions up and refuses a write based on a stale version, changing nothing', async () => {
      const { store, channel } = await setUp();
      await store.put(channel(), sample, { expectedVersion: 0, updatedBy: admin });
      const second = await store.put(
        channel(),
        { ...sample, enabled: false },
        { expectedVersion: 1, updatedBy: admin },
      );
      expect(second.version).toBe(2);

      const stale = store.put(
        channel(),
        { ...sample, persona: 'stale' },
        { expectedVersion: 1, updatedBy: admin },
      );
      await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
      await expect(stale).rejects.toMatchObject({ currentVersion: 2 });
      const fresh = store.put(channel(), sample, { expectedVersion: 0, updatedBy: admin });
      await expect(fresh).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.get(channel()))?.settings).toEqual({ ...sample, enabled: false });
    });

    it('of two first saves of one channel, exactly one wins', async () => {
      const { store, channel } = await setUp();
      const results = await Promise.allSettled([
        store.put(channel(), sample, { expectedVersion: 0, updatedBy: admin }),
        store.put(channel(), { ...sample, enabled: false }, { expectedVersion: 0, updatedBy: admin }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect((await store.get(channel()))?.version).toBe(1);
    });

    it('deletes back to the defaults, guarded by the version when one is given', async () => {
      const { store, channel } = await setUp();
      expect(await store.delete(channel(), {})).toBe(false);
      await store.put(channel(), sample, { expectedVersion: 0, updatedBy: admin });
      await store.put(channel(), sample, { expectedVersion: 1, updatedBy: admin });

      await expect(store.delete(channel(), { expectedVersion: 1 })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await store.get(channel())).toBeDefined();
      expect(await store.delete(channel(), { expectedVersion: 2 })).toBe(true);
      expect(await store.get(channel())).toBeUndefined();
      expect(await store.settingsFor(channel())).toEqual(defaultChannelSettings());
      expect(await store.delete(channel(), {})).toBe(false);
    });

    it('keeps channels of different platforms, tenants and ids apart, even with separators in ids', async () => {
      const { store, tenantId } = await setUp();
      const a: ChannelKey = { platform: 'slack', tenantId, channelId: 'a#b' };
      const b: ChannelKey = { platform: 'slack', tenantId: `${tenantId}#a`, channelId: 'b' };
      const c: ChannelKey = { platform: 'teams', tenantId, channelId: 'a#b' };
      await store.put(a, sample, { expectedVersion: 0, updatedBy: admin });
      expect(await store.get(b)).toBeUndefined();
      expect(await store.get(c)).toBeUndefined();
      expect((await store.get(a))?.channel).toEqual(a);
    });

    it('lists configured channels in key order, page by page, without skipping or repeating', async () => {
      const { store, channel, tenantId } = await setUp();
      const ids = ['C5', 'C1', 'C3', 'C2', 'C4'];
      for (const id of ids) {
        await store.put(channel(id), sample, { expectedVersion: 0, updatedBy: admin });
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list({ limit: 2, ...(cursor !== undefined ? { cursor } : {}) });
        seen.push(
          ...page.items
            .filter((item) => item.channel.tenantId === tenantId)
            .map((item) => item.channel.channelId),
        );
        cursor = page.cursor;
        pages += 1;
      } while (cursor !== undefined && pages < 1000);
      expect(seen).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    });

    it('refuses a cursor it did not hand out', async () => {
      const { store } = await setUp();
      await expect(store.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    });
  });
}
