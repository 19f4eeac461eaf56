import { describe, expect, it } from 'vitest';
import { CachedChannelSettingsReader } from '../../../../src/channels/cached-channel-settings-reader.js';
import { channelSettingsSchema, defaultChannelSettings } from '../../../../src/channels/channel-settings.js';
import { FixedClock } from '../../../fakes/fixed-clock.js';
import { InMemoryChannelSettingsStore } from '../../../fakes/in-memory-channel-settings-store.js';

const channel = { platform: 'slack', tenantId: 'T1', channelId: 'C1' } as const;
const admin = { kind: 'admin-api', id: 'token' } as const;

describe('CachedChannelSettingsReader', () => {
  function setUp() {
    const clock = new FixedClock();
    const store = new InMemoryChannelSettingsStore(clock);
    const reader = new CachedChannelSettingsReader(store, { clock, ttlMs: 5_000, maxEntries: 2 });
    return { clock, store, reader };
  }

  it('reads the store once per window and again once the window has passed', async () => {
    const { clock, store, reader } = setUp();
    await reader.settingsFor(channel);
    await reader.settingsFor(channel);
    clock.advance(4_999);
    await reader.settingsFor(channel);
    expect(store.reads).toBe(1);

    clock.advance(1);
    await reader.settingsFor(channel);
    expect(store.reads).toBe(2);
  });

  it('shares one read between concurrent misses', async () => {
    const { store, reader } = setUp();
    await Promise.all([
      reader.settingsFor(channel),
      reader.settingsFor(channel),
      reader.settingsFor(channel),
    ]);
    expect(store.reads).toBe(1);
  });

  it('sees a change at once after invalidate', async () => {
    const { store, reader } = setUp();
    expect(await reader.settingsFor(channel)).toEqual(defaultChannelSettings());
    const disabled = channelSettingsSchema.parse({ enabled: false });
    await store.put(channel, disabled, { expectedVersion: 0, updatedBy: admin });
    expect(await reader.settingsFor(channel)).toEqual(defaultChannelSettings());
    reader.invalidate(channel);
    expect(await reader.settingsFor(channel)).toEqual(disabled);
  });

  it('keeps at most maxEntries channels', async () => {
    const { store, reader } = setUp();
    for (const channelId of ['C1', 'C2', 'C3']) {
      await reader.settingsFor({ ...channel, channelId });
    }
    await reader.settingsFor({ ...channel, channelId: 'C3' });
    await reader.settingsFor({ ...channel, channelId: 'C1' });
    expect(store.reads).toBe(4);
  });

  it('does not remember a failed read', async () => {
    const clock = new FixedClock();
    let failures = 1;
    const reader = new CachedChannelSettingsReader(
      {
        settingsFor: () =>
          failures-- > 0
            ? Promise.reject(new Error('store down'))
            : Promise.resolve(defaultChannelSettings()),
      },
      { clock, ttlMs: 5_000 },
    );
    await expect(reader.settingsFor(channel)).rejects.toThrow('store down');
    expect(await reader.settingsFor(channel)).toEqual(defaultChannelSettings());
  });
});

describe('CachedChannelSettingsReader racing a save', () => {
  it('does not keep what a read that started before the save returned', async () => {
    const clock = new FixedClock();
    const disabled = channelSettingsSchema.parse({ enabled: false });
    let current = defaultChannelSettings();
    let release: (() => void) | undefined;
    const source = {
      settingsFor: () => {
        const seen = current;
        return new Promise<typeof seen>((resolve) => {
          release = () => resolve(seen);
        });
      },
    };
    const reader = new CachedChannelSettingsReader(source, { clock, ttlMs: 5_000 });

    const early = reader.settingsFor(channel);
    current = disabled;
    reader.invalidate(channel);
    release?.();
    expect((await early).enabled).toBe(true);

    const next = reader.settingsFor(channel);
    release?.();
    expect((await next).enabled).toBe(false);
  });
});
