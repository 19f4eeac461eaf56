import type { AdminUseCases } from '../admin/admin-use-cases.js';
import { AdminAuthority } from '../admin/admin-authority.js';
import { CachedChannelSettingsReader } from '../channels/cached-channel-settings-reader.js';
import { NoGroupDirectory } from '../channels/no-group-directory.js';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { ChannelSettingsStore } from '../ports/channel-settings-store.js';
import type { GroupDirectory } from '../ports/group-directory.js';
import type { HttpRoute } from '../ports/http-route.js';
import { createAdminApiRoutes } from '../../adapters/admin-api/admin-api.js';
import {
  DynamoAdminStore,
  DynamoAuditLog,
  DynamoChannelSettingsStore,
} from '../../adapters/dynamodb/index.js';
import { RedisRateLimiter } from '../../adapters/redis/redis-rate-limiter.js';
import { createAdminUseCases } from '../../handlers/admin/index.js';
import type { ChannelEnforcementDeps } from './channel-enforcement.js';
import type { Storage } from './storage.js';

export interface AdminFeature {
  readonly settings: ChannelSettingsStore;
  /** What the message path reads: the store behind a cache of CHANNEL_SETTINGS_CACHE_SECONDS. */
  readonly settingsReader: CachedChannelSettingsReader;
  readonly audit: AuditLog;
  readonly useCases: AdminUseCases;
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
}

/** Channel settings, admins, enforcement and the admin API, wired over DynamoDB and Redis. */
export function createAdminFeature(appConfig: AppConfig, deps: AdminFeatureDeps): AdminFeature {
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
  const useCases = createAdminUseCases({
    settings,
    admins,
    authority: new AdminAuthority(appConfig.admin.bootstrapAdmins, admins),
    audit,
    logger,
    onSettingsChanged: (channel) => settingsReader.invalidate(channel),
  });
  const rateLimiter = new RedisRateLimiter({ redisUrl: appConfig.core.redisUrl, clock });

  const token = appConfig.admin.adminApiToken;
  if (token === undefined) {
    logger.info({ reason: 'ADMIN_API_TOKEN is not set' }, 'admin api disabled');
  } else {
    logger.info({ path: '/admin', openApi: '/admin/openapi.json' }, 'admin api enabled');
  }
  if (appConfig.admin.bootstrapAdmins.length === 0) {
    logger.info({ reason: 'ADMIN_USERS is empty' }, 'no chat admins configured');
  }
  return {
    settings,
    settingsReader,
    audit,
    useCases,
    enforcement: { settings: settingsReader, groups: deps.groups ?? new NoGroupDirectory(), rateLimiter },
    routes: token === undefined ? [] : createAdminApiRoutes({ useCases, token, logger }),
    close: () => rateLimiter.close(),
  };
}
