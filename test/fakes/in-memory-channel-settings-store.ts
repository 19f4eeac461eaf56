import { systemClock, type Clock } from '../../src/clock.js';
import { type ChannelKey, channelKeyString } from '../../src/channels/channel-key.js';
import {
  type ChannelSettings,
  channelSettingsSchema,
  defaultChannelSettings,
} from '../../src/channels/channel-settings.js';
import { decodeListCursor, encodeListCursor, listLimit } from '../../src/channels/settings-listing.js';
import { VersionConflictError } from '../../src/errors.js';
import type {
  ChannelSettingsPage,
  ChannelSettingsStore,
  PutChannelSettings,
  StoredChannelSettings,
} from '../../src/ports/channel-settings-store.js';

/** A working ChannelSettingsStore in memory, with the DynamoDB one's versioning and paging. */
export class InMemoryChannelSettingsStore implements ChannelSettingsStore {
  private readonly items = new Map<string, StoredChannelSettings>();
  /** Reads served, so cache tests can see how often the store was asked. */
  reads = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  async settingsFor(channel: ChannelKey): Promise<ChannelSettings> {
    return (await this.get(channel))?.settings ?? defaultChannelSettings();
  }

  get(channel: ChannelKey): Promise<StoredChannelSettings | undefined> {
    this.reads += 1;
    const stored = this.items.get(channelKeyString(channel));
    return Promise.resolve(stored && structuredClone(stored));
  }

  put(
    channel: ChannelKey,
    settings: ChannelSettings,
    options: PutChannelSettings,
  ): Promise<StoredChannelSettings> {
    const key = channelKeyString(channel);
    const current = this.items.get(key)?.version ?? 0;
    if (current !== options.expectedVersion) {
      return Promise.reject(
        new VersionConflictError(`The settings of ${key} were changed by someone else.`, current),
      );
    }
    const stored: StoredChannelSettings = {
      channel: { platform: channel.platform, tenantId: channel.tenantId, channelId: channel.channelId },
      // Stored as DynamoDB would: validated, without undefined optionals.
      settings: channelSettingsSchema.parse(JSON.parse(JSON.stringify(settings))),
      version: current + 1,
      updatedAt: this.clock.now(),
      updatedBy: structuredClone(options.updatedBy),
    };
    this.items.set(key, stored);
    return Promise.resolve(structuredClone(stored));
  }

  delete(channel: ChannelKey, options: { readonly expectedVersion?: number }): Promise<boolean> {
    const key = channelKeyString(channel);
    const current = this.items.get(key)?.version ?? 0;
    if (current === 0 && (options.expectedVersion === undefined || options.expectedVersion === 0)) {
      return Promise.resolve(false);
    }
    if (options.expectedVersion !== undefined && options.expectedVersion !== current) {
      return Promise.reject(
        new VersionConflictError(`The settings of ${key} were changed by someone else.`, current),
      );
    }
    this.items.delete(key);
    return Promise.resolve(true);
  }

  list(options: { readonly limit?: number; readonly cursor?: string } = {}): Promise<ChannelSettingsPage> {
    try {
      const limit = listLimit(options.limit);
      const after = options.cursor === undefined ? undefined : decodeListCursor(options.cursor);
      const matching = [...this.items.entries()]
        .filter(([key]) => after === undefined || key > after)
        .sort(([a], [b]) => (a < b ? -1 : 1));
      const page = matching.slice(0, limit);
      const last = page.at(-1);
      const items = page.map(([, stored]) => structuredClone(stored));
      return Promise.resolve(
        matching.length > limit && last ? { items, cursor: encodeListCursor(last[0]) } : { items },
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
