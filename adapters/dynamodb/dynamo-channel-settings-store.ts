import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../src/clock.js';
import { type ChannelKey, channelKeyString } from '../../src/channels/channel-key.js';
import { type ChannelSettings, defaultChannelSettings } from '../../src/channels/channel-settings.js';
import { decodeListCursor, encodeListCursor, listLimit } from '../../src/channels/settings-listing.js';
import { VersionConflictError } from '../../src/errors.js';
import type {
  ChannelSettingsPage,
  ChannelSettingsStore,
  PutChannelSettings,
  StoredChannelSettings,
} from '../../src/ports/channel-settings-store.js';
import {
  channelSettingsKey,
  fromChannelSettingsItem,
  toChannelSettingsItem,
  versionOfRejectedItem,
} from './channel-settings-item.js';
import { isConditionalCheckFailed, toDependencyError } from './dynamo-errors.js';
import { retryOnTransactionConflict } from './retry-on-conflict.js';
import { CHANNELS_GSI_PK, GSI1, PARTITION_KEY } from './table-design.js';

export interface DynamoChannelSettingsStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
}

/**
 * Channel settings, one item per configured channel (`CHANNEL#<channel key>` / `SETTINGS`), listed
 * through GSI1 (`CHANNELS`). Writes are conditional on the version the writer read.
 */
export class DynamoChannelSettingsStore implements ChannelSettingsStore {
  constructor(private readonly options: DynamoChannelSettingsStoreOptions) {}

  async settingsFor(channel: ChannelKey): Promise<ChannelSettings> {
    return (await this.get(channel))?.settings ?? defaultChannelSettings();
  }

  async get(channel: ChannelKey): Promise<StoredChannelSettings | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const output = await this.options.client.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: channelSettingsKey(channel),
          // An admin who just saved must read back what they saved, on any instance.
          ConsistentRead: true,
        }),
      );
      item = output.Item;
    } catch (error) {
      throw toDependencyError('GetItem', error);
    }
    return item === undefined ? undefined : fromChannelSettingsItem(item);
  }

  async put(
    channel: ChannelKey,
    settings: ChannelSettings,
    options: PutChannelSettings,
  ): Promise<StoredChannelSettings> {
    const version = options.expectedVersion + 1;
    const item = toChannelSettingsItem(
      channel,
      settings,
      version,
      this.options.clock.now(),
      options.updatedBy,
    );
    try {
      await retryOnTransactionConflict(() =>
        this.options.client.send(
          new PutCommand({
            TableName: this.options.tableName,
            Item: item,
            ...versionCondition(options.expectedVersion),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw conflict(channel, versionOfRejectedItem(error));
      }
      throw toDependencyError('PutItem', error);
    }
    return fromChannelSettingsItem(item);
  }

  async delete(channel: ChannelKey, options: { readonly expectedVersion?: number }): Promise<boolean> {
    const expected = options.expectedVersion;
    try {
      await retryOnTransactionConflict(() =>
        this.options.client.send(
          new DeleteCommand({
            TableName: this.options.tableName,
            Key: channelSettingsKey(channel),
            ConditionExpression:
              expected === undefined
                ? 'attribute_exists(#pk)'
                : 'attribute_exists(#pk) AND #version = :expected',
            ExpressionAttributeNames:
              expected === undefined
                ? { '#pk': PARTITION_KEY }
                : { '#pk': PARTITION_KEY, '#version': 'version' },
            ...(expected === undefined ? {} : { ExpressionAttributeValues: { ':expected': expected } }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) {
        throw toDependencyError('DeleteItem', error);
      }
      const current = versionOfRejectedItem(error);
      if (current === 0 && (expected === undefined || expected === 0)) {
        return false;
      }
      throw conflict(channel, current);
    }
  }

  async list(
    options: { readonly limit?: number; readonly cursor?: string } = {},
  ): Promise<ChannelSettingsPage> {
    const limit = listLimit(options.limit);
    const after = options.cursor === undefined ? undefined : decodeListCursor(options.cursor);
    const items: StoredChannelSettings[] = [];
    let startKey: Record<string, unknown> | undefined;
    // One more than asked for tells whether another page exists.
    do {
      let page;
      try {
        page = await this.options.client.send(
          new QueryCommand({
            TableName: this.options.tableName,
            IndexName: GSI1.name,
            KeyConditionExpression: after === undefined ? '#gpk = :gpk' : '#gpk = :gpk AND #gsk > :after',
            ExpressionAttributeNames: {
              '#gpk': GSI1.partitionKey,
              ...(after === undefined ? {} : { '#gsk': GSI1.sortKey }),
            },
            ExpressionAttributeValues: {
              ':gpk': CHANNELS_GSI_PK,
              ...(after === undefined ? {} : { ':after': after }),
            },
            Limit: limit + 1 - items.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
      } catch (error) {
        throw toDependencyError('Query', error);
      }
      items.push(...(page.Items ?? []).map((item) => fromChannelSettingsItem(item)));
      startKey = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (startKey !== undefined && items.length <= limit);
    const pageItems = items.slice(0, limit);
    const last = pageItems.at(-1);
    return items.length > limit && last
      ? { items: pageItems, cursor: encodeListCursor(channelKeyString(last.channel)) }
      : { items: pageItems };
  }
}

export interface Condition {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

/** Holds when the stored item is at `expectedVersion` (absent for 0). */
export function versionCondition(expectedVersion: number): Condition {
  return expectedVersion === 0
    ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PARTITION_KEY } }
    : {
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      };
}

function conflict(channel: ChannelKey, currentVersion: number): VersionConflictError {
  return new VersionConflictError(
    `The settings of ${channelKeyString(channel)} were changed by someone else (now version ${currentVersion}).`,
    currentVersion,
  );
}
