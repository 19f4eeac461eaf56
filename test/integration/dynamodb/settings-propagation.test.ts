import { describe, expect, it } from 'vitest';
import { DynamoChannelSettingsStore } from '../../../adapters/dynamodb/dynamo-channel-settings-store.js';
import { CachedChannelSettingsReader } from '../../../src/channels/cached-channel-settings-reader.js';
import { channelSettingsSchema } from '../../../src/channels/channel-settings.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { useTestTable } from '../../support/dynamodb.js';

const table = useTestTable('settings-propagation');
const TTL_MS = 5_000;

describe('a settings change reaches every instance within the cache window', () => {
  /** One service instance: its own store client and its own cache, over the shared table. */
  function instance(clock: FixedClock) {
    const store = new DynamoChannelSettingsStore({
      client: table.clients.documentClient,
      tableName: table.tableName,
      clock,
    });
    return { store, reader: new CachedChannelSettingsReader(store, { clock, ttlMs: TTL_MS }) };
  }

  it('instance B answers with the old settings until its window passes, then with the new ones', async () => {
    const clock = new FixedClock();
    const a = instance(clock);
    const b = instance(clock);
    const channel = { platform: 'slack', tenantId: 'T-prop', channelId: 'C1' } as const;
    expect((await b.reader.settingsFor(channel)).enabled).toBe(true);

    // An admin on instance A turns the channel off.
    await a.store.put(channel, channelSettingsSchema.parse({ enabled: false }), {
      expectedVersion: 0,
      updatedBy: { kind: 'admin-api', id: 'token' },
    });
    a.reader.invalidate(channel);

    expect((await a.reader.settingsFor(channel)).enabled).toBe(false);
    clock.advance(TTL_MS - 1);
    expect((await b.reader.settingsFor(channel)).enabled).toBe(true);
    clock.advance(1);
    expect((await b.reader.settingsFor(channel)).enabled).toBe(false);
  });
});
