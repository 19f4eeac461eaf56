import type { Clock } from '../clock.js';
import type { ChannelSettingsReader } from '../ports/channel-settings-reader.js';
import { type ChannelKey, channelKeyString } from './channel-key.js';
import type { ChannelSettings } from './channel-settings.js';

export interface CachedChannelSettingsReaderOptions {
  readonly clock: Clock;
  /** How long a read is reused: the most an admin's change can take to reach this instance. */
  readonly ttlMs: number;
  /** Channels remembered at once; the least recently fetched is dropped beyond it. */
  readonly maxEntries?: number;
}

interface Entry {
  readonly settings: ChannelSettings;
  readonly fetchedAt: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Every message needs its channel's settings, so each instance keeps them for a few seconds
 * instead of reading the store per message. That bounds how stale an instance can be: a change
 * saved anywhere reaches every instance within `ttlMs`. Concurrent misses for one channel share a
 * single read. Failures are not cached, so the next message tries the store again.
 */
export class CachedChannelSettingsReader implements ChannelSettingsReader {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<ChannelSettings>>();
  /** Bumped by invalidate, so a read that started before a save cannot cache what it read. */
  private readonly generations = new Map<string, number>();
  private readonly maxEntries: number;

  constructor(
    private readonly source: ChannelSettingsReader,
    private readonly options: CachedChannelSettingsReaderOptions,
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  settingsFor(channel: ChannelKey): Promise<ChannelSettings> {
    const key = channelKeyString(channel);
    const entry = this.entries.get(key);
    if (entry !== undefined && this.options.clock.now().getTime() - entry.fetchedAt < this.options.ttlMs) {
      return Promise.resolve(entry.settings);
    }
    const pending = this.inFlight.get(key);
    if (pending !== undefined) {
      return pending;
    }
    const read: Promise<ChannelSettings> = this.fetch(key, channel).finally(() => {
      if (this.inFlight.get(key) === read) {
        this.inFlight.delete(key);
      }
    });
    this.inFlight.set(key, read);
    return read;
  }

  /** Forgets a channel at once: for the instance that just saved it. */
  invalidate(channel: ChannelKey): void {
    const key = channelKeyString(channel);
    this.entries.delete(key);
    this.inFlight.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  private async fetch(key: string, channel: ChannelKey): Promise<ChannelSettings> {
    const fetchedAt = this.options.clock.now().getTime();
    const generation = this.generations.get(key);
    const settings = await this.source.settingsFor(channel);
    if (this.generations.get(key) !== generation) {
      return settings;
    }
    this.entries.delete(key);
    this.entries.set(key, { settings, fetchedAt });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest);
      }
    }
    return settings;
  }
}
