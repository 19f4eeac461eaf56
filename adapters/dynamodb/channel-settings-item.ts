import { z } from 'zod';
import { type ChannelKey, channelKeyString } from '../../src/channels/channel-key.js';
import { type ChannelSettings, channelSettingsSchema } from '../../src/channels/channel-settings.js';
import { StewardError } from '../../src/errors.js';
import type { AuditActor } from '../../src/ports/audit-log.js';
import type { StoredChannelSettings } from '../../src/ports/channel-settings-store.js';
import { actorAttributeSchema, fromActorAttribute, toActorAttribute } from './actor-attribute.js';
import {
  CHANNEL_SETTINGS_SK,
  CHANNELS_GSI_PK,
  GSI1,
  PARTITION_KEY,
  SORT_KEY,
  channelSettingsPk,
} from './table-design.js';

/*
 * One item per configured channel. The settings are stored as a map in their validated form, with
 * the channel's parts repeated as attributes so a listing needs no key parsing.
 */

const itemSchema = z.object({
  platform: z.enum(['slack', 'teams', 'cli']),
  tenantId: z.string(),
  channelId: z.string(),
  settings: z.record(z.string(), z.unknown()),
  version: z.number().int().positive(),
  updatedAt: z.string(),
  updatedBy: actorAttributeSchema,
});

export function channelSettingsKey(channel: ChannelKey): Record<string, string> {
  return { [PARTITION_KEY]: channelSettingsPk(channelKeyString(channel)), [SORT_KEY]: CHANNEL_SETTINGS_SK };
}

export function toChannelSettingsItem(
  channel: ChannelKey,
  settings: ChannelSettings,
  version: number,
  updatedAt: Date,
  updatedBy: AuditActor,
): Record<string, unknown> {
  return {
    ...channelSettingsKey(channel),
    [GSI1.partitionKey]: CHANNELS_GSI_PK,
    [GSI1.sortKey]: channelKeyString(channel),
    entity: 'channel-settings',
    platform: channel.platform,
    tenantId: channel.tenantId,
    channelId: channel.channelId,
    // A JSON round trip drops undefined optionals, which DynamoDB cannot store.
    settings: JSON.parse(JSON.stringify(settings)) as Record<string, unknown>,
    version,
    updatedAt: updatedAt.toISOString(),
    updatedBy: toActorAttribute(updatedBy),
  };
}

export function fromChannelSettingsItem(item: Record<string, unknown>): StoredChannelSettings {
  const parsed = itemSchema.safeParse(item);
  const settings = parsed.success ? channelSettingsSchema.safeParse(parsed.data.settings) : undefined;
  if (!parsed.success || !settings?.success) {
    throw new StewardError(
      'INTERNAL',
      `Malformed channel settings item ${String(item[PARTITION_KEY])} in DynamoDB`,
      {
        cause: parsed.success ? settings?.error : parsed.error,
      },
    );
  }
  const data = parsed.data;
  return {
    channel: { platform: data.platform, tenantId: data.tenantId, channelId: data.channelId },
    settings: settings.data,
    version: data.version,
    updatedAt: new Date(data.updatedAt),
    updatedBy: fromActorAttribute(data.updatedBy),
  };
}

/** The stored version carried back by a failed condition (still in wire format), when there is one. */
export function versionOfRejectedItem(error: unknown): number {
  if (typeof error !== 'object' || error === null || !('Item' in error)) {
    return 0;
  }
  const item = error.Item;
  if (typeof item !== 'object' || item === null || !('version' in item)) {
    return 0;
  }
  const version = item.version;
  if (typeof version === 'number') {
    return version;
  }
  if (typeof version === 'object' && version !== null && 'N' in version && typeof version.N === 'string') {
    return Number(version.N);
  }
  return 0;
}
