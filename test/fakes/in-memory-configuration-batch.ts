import { formatAdminRef } from '../../src/admin/admin-ref.js';
import { channelKeyString } from '../../src/channels/channel-key.js';
import { VersionConflictError } from '../../src/errors.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { ConfigurationBatch, ConfigurationChange } from '../../src/ports/configuration-batch.js';
import type { InMemoryAdminStore } from './in-memory-admin-store.js';
import type { InMemoryChannelSettingsStore } from './in-memory-channel-settings-store.js';

/** All or nothing over the in-memory stores: every expectation is checked before anything changes. */
export class InMemoryConfigurationBatch implements ConfigurationBatch {
  constructor(
    private readonly settings: InMemoryChannelSettingsStore,
    private readonly admins: InMemoryAdminStore,
  ) {}

  async apply(changes: readonly ConfigurationChange[], actor: AuditActor): Promise<void> {
    const stale: string[] = [];
    for (const change of changes) {
      if (!(await this.holds(change))) {
        stale.push(
          change.kind === 'admin.add' || change.kind === 'admin.remove'
            ? `admin ${formatAdminRef(change.admin)}`
            : `channel ${channelKeyString(change.channel)}`,
        );
      }
    }
    if (stale.length > 0) {
      throw new VersionConflictError(
        `Nothing was imported: ${stale.join(', ')} changed since the import was planned. Run it again.`,
        undefined,
      );
    }
    for (const change of changes) {
      switch (change.kind) {
        case 'settings.put':
          await this.settings.put(change.channel, change.settings, {
            expectedVersion: change.before?.version ?? 0,
            updatedBy: actor,
          });
          break;
        case 'settings.delete':
          await this.settings.delete(change.channel, { expectedVersion: change.before.version });
          break;
        case 'admin.add':
          await this.admins.add(change.admin, actor);
          break;
        case 'admin.remove':
          await this.admins.remove(change.admin);
          break;
      }
    }
  }

  private async holds(change: ConfigurationChange): Promise<boolean> {
    switch (change.kind) {
      case 'settings.put':
        return ((await this.settings.get(change.channel))?.version ?? 0) === (change.before?.version ?? 0);
      case 'settings.delete':
        return (await this.settings.get(change.channel))?.version === change.before.version;
      case 'admin.add':
        return !(await this.admins.isAdmin(change.admin));
      case 'admin.remove':
        return this.admins.isAdmin(change.admin);
    }
  }
}
