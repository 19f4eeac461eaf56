import { AdminAuthority } from '../../src/admin/admin-authority.js';
import type { AdminRef } from '../../src/admin/admin-ref.js';
import type { RiskLevel } from '../../src/approval-rules/approval-types.js';
import type { ChannelKey } from '../../src/channels/channel-key.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import { createAdminUseCases } from '../../handlers/admin/index.js';
import { createCapturingLogger } from '../fakes/capturing-logger.js';
import { FixedClock } from '../fakes/fixed-clock.js';
import { InMemoryAdminStore } from '../fakes/in-memory-admin-store.js';
import { InMemoryAuditLog } from '../fakes/in-memory-audit-log.js';
import { InMemoryChannelSettingsStore } from '../fakes/in-memory-channel-settings-store.js';
import { InMemoryConfigurationBatch } from '../fakes/in-memory-configuration-batch.js';

export const ROOT_ADMIN: AdminRef = { platform: 'slack', userId: 'U0ROOT' };
export const rootActor: AuditActor = { kind: 'user', id: 'U0ROOT', platform: 'slack' };
export const staffActor: AuditActor = { kind: 'user', id: 'U0STAFF', platform: 'slack' };
export const apiActor: AuditActor = { kind: 'admin-api', id: 'ci-pipeline' };
export const sampleChannel: ChannelKey = { platform: 'slack', tenantId: 'T001', channelId: 'C0HR' };

/** Risks of the actions the tests name, as a catalogue would give them. */
const RISKS: Readonly<Record<string, RiskLevel>> = {
  'open-ticket': 'low',
  'restart-service': 'medium',
  'grant-access': 'high',
};

/** The admin use cases over working fakes, with ROOT_ADMIN configured as in ADMIN_USERS. */
export function createAdminHarness() {
  const clock = new FixedClock();
  const settings = new InMemoryChannelSettingsStore(clock);
  const admins = new InMemoryAdminStore(clock);
  const audit = new InMemoryAuditLog(clock);
  const authority = new AdminAuthority([ROOT_ADMIN], admins);
  const changed: ChannelKey[] = [];
  const { logger, lines } = createCapturingLogger();
  const useCases = createAdminUseCases({
    settings,
    admins,
    batch: new InMemoryConfigurationBatch(settings, admins),
    authority,
    audit,
    logger,
    onSettingsChanged: (channel) => changed.push(channel),
    actionRisk: (actionId) => RISKS[actionId],
  });
  return { clock, settings, admins, audit, authority, useCases, changed, logger, logLines: lines };
}
