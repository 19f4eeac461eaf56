import type { AdminRef } from '../admin/admin-ref.js';
import type { ChannelKey } from '../channels/channel-key.js';
import type { ChannelSettings } from '../channels/channel-settings.js';
import type { StoredAdmin } from './admin-store.js';
import type { AuditActor } from './audit-log.js';
import type { StoredChannelSettings } from './channel-settings-store.js';

/** One change of a configuration import, with what it expects to find (read when it was planned). */
export type ConfigurationChange =
  | {
      readonly kind: 'settings.put';
      readonly channel: ChannelKey;
      readonly settings: ChannelSettings;
      /** What was stored when planned; absent when the channel was unconfigured. */
      readonly before?: StoredChannelSettings;
    }
  | { readonly kind: 'settings.delete'; readonly channel: ChannelKey; readonly before: StoredChannelSettings }
  | { readonly kind: 'admin.add'; readonly admin: AdminRef }
  | { readonly kind: 'admin.remove'; readonly admin: AdminRef; readonly before: StoredAdmin };

/**
 * Applies many configuration changes all or nothing. Each change holds only if the item is still
 * as it was planned against; if any does not, nothing is left changed (VersionConflictError).
 */
export interface ConfigurationBatch {
  apply(changes: readonly ConfigurationChange[], actor: AuditActor): Promise<void>;
}
