import type { AdminAuthority } from '../../src/admin/admin-authority.js';
import type { AdminRefusal } from '../../src/admin/admin-use-cases.js';
import type { ChannelKey } from '../../src/channels/channel-key.js';
import type { RiskLevel } from '../../src/approval-rules/approval-types.js';
import type { Logger } from '../../src/logger.js';
import type { AdminStore } from '../../src/ports/admin-store.js';
import type { AuditActor, AuditLog } from '../../src/ports/audit-log.js';
import type { ChannelSettingsStore } from '../../src/ports/channel-settings-store.js';
import type { ConfigurationBatch } from '../../src/ports/configuration-batch.js';

export interface AdminUseCaseDeps {
  readonly settings: ChannelSettingsStore;
  readonly admins: AdminStore;
  /** Applies a configuration import all or nothing. */
  readonly batch: ConfigurationBatch;
  readonly authority: AdminAuthority;
  readonly audit: AuditLog;
  readonly logger: Logger;
  /**
   * The risk of a catalogue action, so settings that would let a medium- or high-risk action
   * run without an approver are refused. Absent where no catalogue is loaded.
   */
  readonly actionRisk?: (actionId: string) => RiskLevel | undefined;
  /** Told after every saved change, so this instance can drop its cached copy at once. */
  readonly onSettingsChanged?: (channel: ChannelKey) => void;
}

/**
 * Refuses a non-admin, and records the attempt: a refused admin action is a governance event
 * (someone tried to change how the bot behaves), not only a log line.
 */
export async function refuseNonAdmin(
  deps: Pick<AdminUseCaseDeps, 'authority' | 'audit' | 'logger'>,
  actor: AuditActor,
  attempted: string,
  channel?: ChannelKey,
): Promise<AdminRefusal | undefined> {
  if (await deps.authority.isAdmin(actor)) {
    return undefined;
  }
  await deps.audit.record({
    actor,
    action: 'admin.refused',
    ...(channel !== undefined ? { channel } : {}),
    details: { attempted },
  });
  deps.logger.warn(
    {
      actor: actor.id,
      platform: actor.platform,
      attempted,
      ...(actor.organisation ? { organisation: actor.organisation } : {}),
    },
    'admin action refused',
  );
  return {
    code: 'FORBIDDEN',
    message:
      actor.organisation === 'external'
        ? 'Steward is run by the organisation that installed it here; people from other organisations cannot change it.'
        : 'Only Steward admins can do this. Ask an admin to add you, or to make the change for you.',
  };
}
