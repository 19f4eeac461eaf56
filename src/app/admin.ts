import type { AdminUseCases } from '../admin/admin-use-cases.js';
import type { RiskLevel } from '../approval-rules/approval-types.js';
import { AdminAuthority } from '../admin/admin-authority.js';
import { CachedChannelSettingsReader } from '../channels/cached-channel-settings-reader.js';
import { PlatformGroupDirectory } from '../channels/platform-group-directory.js';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { ChannelSettingsStore } from '../ports/channel-settings-store.js';
import type { GroupDirectory } from '../ports/group-directory.js';
import type { HttpRoute } from '../ports/http-route.js';
import type { ShowKnowledgeGaps } from '../gaps/gap-report.js';
import { createAdminApiRoutes } from '../../adapters/admin-api/admin-api.js';
import {
  DynamoAdminStore,
  DynamoAuditLog,
  DynamoChannelSettingsStore,
  DynamoConfigurationBatch,
  DynamoKnowledgeGapIndex,
  DynamoUsageLedger,
} from '../../adapters/dynamodb/index.js';
import { RedisRateLimiter } from '../../adapters/redis/redis-rate-limiter.js';
import { createAdminUseCases } from '../../handlers/admin/index.js';
import { createShowKnowledgeGaps } from '../../handlers/show-knowledge-gaps.js';
import type { ChannelEnforcementDeps } from './channel-enforcement.js';
import type { Storage } from './storage.js';
import { createReadUsageReport } from '../../handlers/read-usage-report.js';
import type { ReadUsageReport } from '../budgets/usage-report.js';
import type { PersonalDataRights } from '../privacy/personal-data-rights.js';
import { createPersonalDataRights } from './personal-data-rights.js';

export interface AdminCore {
  readonly settings: ChannelSettingsStore;
  /** What the message path reads: the store behind a cache of CHANNEL_SETTINGS_CACHE_SECONDS. */
  readonly settingsReader: CachedChannelSettingsReader;
  readonly audit: AuditLog;
  readonly useCases: AdminUseCases;
  /** What Steward could not answer, for admins (channels) and for each person (their private chats). */
  readonly knowledgeGaps: ShowKnowledgeGaps;
  /** The chargeback report, for admins. */
  readonly usageReport: ReadUsageReport;
  /** A person's export and erasure; undefined in production without PSEUDONYM_SECRET. */
  readonly personalData: PersonalDataRights | undefined;
  /** Who the admins are (ADMIN_USERS and those added). */
  readonly authority: AdminAuthority;
}

export interface AdminFeature extends AdminCore {
  /** For createCore: applies channel settings to every message. */
  readonly enforcement: ChannelEnforcementDeps;
  /** The admin HTTP API, or none when ADMIN_API_TOKEN is not set. */
  readonly routes: readonly HttpRoute[];
  close(): Promise<void>;
}

export interface AdminFeatureDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Group membership for access lists; until a platform provides one, nobody is in a group. */
  readonly groups?: GroupDirectory;
  /** The risk of a catalogue action, so a channel cannot set quorum 0 for a medium- or high-risk one. */
  readonly actionRisk?: (actionId: string) => RiskLevel | undefined;
}

/** Channel settings, admins and the admin use cases over DynamoDB (what the command line needs too). */
export function createAdminCore(appConfig: AppConfig, deps: Omit<AdminFeatureDeps, 'groups'>): AdminCore {
  const { storage, clock, logger } = deps;
  const tableOptions = {
    client: storage.clients.documentClient,
    tableName: appConfig.core.dynamodb.table,
    clock,
  };
  const settings = new DynamoChannelSettingsStore(tableOptions);
  const settingsReader = new CachedChannelSettingsReader(settings, {
    clock,
    ttlMs: appConfig.admin.settingsCacheSeconds * 1000,
  });
  const audit = new DynamoAuditLog(tableOptions);
  const admins = new DynamoAdminStore(tableOptions);
  const authority = new AdminAuthority(appConfig.admin.bootstrapAdmins, admins);
  const useCases = createAdminUseCases({
    settings,
    admins,
    batch: new DynamoConfigurationBatch(tableOptions),
    authority,
    audit,
    logger,
    onSettingsChanged: (channel) => settingsReader.invalidate(channel),
    ...(deps.actionRisk !== undefined ? { actionRisk: deps.actionRisk } : {}),
  });
  const knowledgeGaps = createShowKnowledgeGaps({
    gaps: new DynamoKnowledgeGapIndex(tableOptions),
    channelSettings: settingsReader,
    defaultRetentionDays: appConfig.core.history.retentionDays,
    authority,
    audit,
    logger,
    clock,
  });
  const usageReport = createReadUsageReport({ usage: new DynamoUsageLedger(tableOptions), authority, audit, logger });
  const personalData = createPersonalDataRights(appConfig.core, {
    records: storage.personalRecords,
    audit,
    clock,
    logger,
  });
  return { settings, settingsReader, audit, useCases, knowledgeGaps, usageReport, personalData, authority };
}

/** Everything the service adds for admins: the core above, enforcement in the message path, the API. */
export function createAdminFeature(appConfig: AppConfig, deps: AdminFeatureDeps): AdminFeature {
  const { clock, logger } = deps;
  const core = createAdminCore(appConfig, deps);
  const rateLimiter = new RedisRateLimiter({ redisUrl: appConfig.core.redisUrl, clock });
  const tokens = appConfig.admin.adminApiTokens;
  if (tokens.length === 0) {
    logger.info({ reason: 'neither ADMIN_API_TOKEN nor ADMIN_API_TOKENS is set' }, 'admin api disabled');
  } else {
    logger.info(
      { path: '/admin', openApi: '/admin/openapi.json', tokens: tokens.map((token) => token.name) },
      'admin api enabled',
    );
  }
  if (appConfig.admin.bootstrapAdmins.length === 0) {
    logger.info({ reason: 'ADMIN_USERS is empty' }, 'no chat admins configured');
  }
  return {
    ...core,
    enforcement: {
      settings: core.settingsReader,
      groups: deps.groups ?? new PlatformGroupDirectory(),
      rateLimiter,
      ...(appConfig.admin.defaultUserMessagesPerMinute !== undefined
        ? { defaultUserMessagesPerMinute: appConfig.admin.defaultUserMessagesPerMinute }
        : {}),
    },
    routes:
      tokens.length === 0
        ? []
        : createAdminApiRoutes({
            useCases: core.useCases,
            tokens,
            logger,
            knowledgeGaps: core.knowledgeGaps,
            usageReport: core.usageReport,
            ...(core.personalData ? { personalData: core.personalData } : {}),
            now: () => clock.now(),
          }),
    close: () => rateLimiter.close(),
  };
}
