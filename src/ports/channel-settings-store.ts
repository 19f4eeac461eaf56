import type { ChannelKey } from '../channels/channel-key.js';
import type { ChannelSettings } from '../channels/channel-settings.js';
import type { AuditActor } from './audit-log.js';
import type { ChannelSettingsReader } from './channel-settings-reader.js';

/** A channel's stored settings with what optimistic concurrency and the audit trail need. */
export interface StoredChannelSettings {
  readonly channel: ChannelKey;
  readonly settings: ChannelSettings;
  /** 1 for the first save, one more for every later one. A channel never configured is version 0. */
  readonly version: number;
  readonly updatedAt: Date;
  readonly updatedBy: AuditActor;
}

export interface PutChannelSettings {
  /** The version the writer read; 0 when it saw the channel unconfigured. */
  readonly expectedVersion: number;
  readonly updatedBy: AuditActor;
}

export interface ChannelSettingsPage {
  /** Ordered by platform, tenant and channel. */
  readonly items: readonly StoredChannelSettings[];
  /** Present when more channels are configured. */
  readonly cursor?: string;
}

/**
 * Where admins' channel settings are kept. Writes are guarded by the version the writer read, so
 * of two admins saving the same channel at once one wins and the other is told (VersionConflictError)
 * instead of silently overwriting. `settingsFor` (the read port) answers the defaults for a
 * channel nobody configured.
 */
export interface ChannelSettingsStore extends ChannelSettingsReader {
  get(channel: ChannelKey): Promise<StoredChannelSettings | undefined>;
  /** Saves `settings` (already validated) as the next version. */
  put(
    channel: ChannelKey,
    settings: ChannelSettings,
    options: PutChannelSettings,
  ): Promise<StoredChannelSettings>;
  /** Returns the channel to the defaults; false when it was not configured. */
  delete(channel: ChannelKey, options: { readonly expectedVersion?: number }): Promise<boolean>;
  list(options?: { readonly limit?: number; readonly cursor?: string }): Promise<ChannelSettingsPage>;
}
